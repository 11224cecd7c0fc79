/**
 * WebFlux integration: response headers, and the tracing of excluded requests from their
 * {@code ServerHttpRequest}.
 */
@NullMarked
package io.github.tracecontext.web.reactive;

import org.jspecify.annotations.NullMarked;
