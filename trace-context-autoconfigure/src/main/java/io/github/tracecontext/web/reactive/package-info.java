/**
 * WebFlux integration: the web filter that adds response headers, counting and path
 * exclusion to Spring's reactive server observation.
 */
@NullMarked
package io.github.tracecontext.web.reactive;

import org.jspecify.annotations.NullMarked;
