/**
 * The reactive sample service.
 */
@NullMarked
package io.github.tracecontext.sample.reactive;

import org.jspecify.annotations.NullMarked;
