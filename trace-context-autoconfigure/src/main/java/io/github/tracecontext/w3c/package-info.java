/**
 * The W3C Trace Context codec: reading {@code traceparent} and {@code tracestate} by the
 * specification, with no Spring, OpenTelemetry or Micrometer types.
 */
@NullMarked
package io.github.tracecontext.w3c;

import org.jspecify.annotations.NullMarked;
