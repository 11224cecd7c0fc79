package io.github.tracecontext.web.reactive;

import io.github.tracecontext.internal.Guard;
import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.web.TraceResponseHeaders;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The starter's part of a WebFlux request. Spring's {@code HttpWebHandlerAdapter}
 * observes the whole filter chain (the server span, extraction through the
 * {@code Propagator}); this filter adds, first in the chain:
 * <ul>
 * <li>{@code traceresponse} (and optionally a trace id header), written just before the
 * response commits, so error responses get it too;</li>
 * </ul>
 * Excluded paths get no response headers. Their observation still runs (for Boot's
 * metrics) but makes no span: {@link io.github.tracecontext.web.ExcludedRequestTracing}
 * puts the caller's context in its scope instead, which Micrometer's observation accessor
 * opens and closes on every thread like any request's.
 */
public class TraceContextWebFilter implements WebFilter, Ordered {

	private final TraceResponseHeaders responseHeaders;

	private final ExcludedPaths excludedPaths;

	private final Guard headerGuard = new Guard(TraceContextWebFilter.class, "writing response headers");

	public TraceContextWebFilter(TraceResponseHeaders responseHeaders, ExcludedPaths excludedPaths) {
		this.responseHeaders = responseHeaders;
		this.excludedPaths = excludedPaths;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.responseHeaders.isEnabled() && !isExcluded(exchange)) {
			ServerHttpResponse response = exchange.getResponse();
			response.beforeCommit(() -> {
				this.headerGuard.run(() -> writeHeaders(exchange, response));
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

	private void writeHeaders(ServerWebExchange exchange, ServerHttpResponse response) {
		Span span = serverSpan(exchange);
		if (span != null) {
			this.responseHeaders.write(span.context(), response.getHeaders()::set);
		}
	}

	private static @Nullable Span serverSpan(ServerWebExchange exchange) {
		ServerRequestObservationContext context = ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.orElse(null);
		TracingContext tracing = (context != null) ? context.get(TracingContext.class) : null;
		return (tracing != null) ? tracing.getSpan() : null;
	}

	private boolean isExcluded(ServerWebExchange exchange) {
		return this.excludedPaths.matches(exchange.getRequest().getPath().pathWithinApplication().value());
	}

}
