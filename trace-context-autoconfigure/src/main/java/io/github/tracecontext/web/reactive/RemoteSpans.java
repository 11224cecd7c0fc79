package io.github.tracecontext.web.reactive;

import io.micrometer.tracing.Span;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Reads the caller's context of a request that gets no server span (an excluded path), as
 * a span that only carries the caller's ids and baggage: it is never started, ended or
 * exported.
 */
@FunctionalInterface
public interface RemoteSpans {

	/** Reads nothing: for tracers the starter cannot extract with. */
	RemoteSpans NONE = (request) -> null;

	/**
	 * Read the caller's context.
	 * @param request the request
	 * @return the caller's span, or {@code null} when the request carries no usable context
	 */
	@Nullable Span extract(ServerHttpRequest request);

}
