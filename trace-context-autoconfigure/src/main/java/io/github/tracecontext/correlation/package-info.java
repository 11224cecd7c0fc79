/**
 * The legacy correlation header ({@code X-Request-Id} by default), whole: reading and
 * generating ids, the servlet filter and WebFlux filter, the context accessor that
 * carries the id across threads.
 */
@NullMarked
package io.github.tracecontext.correlation;

import org.jspecify.annotations.NullMarked;
