package io.github.tracecontext.web.reactive;

import io.github.tracecontext.internal.Guard;
import io.github.tracecontext.propagation.IncomingTraceparent;
import io.github.tracecontext.stats.PropagationCounters;
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
 * The starter's part of a WebFlux request. Spring's {@code HttpWebHandlerAdapter} observes
 * the whole filter chain (the server span, extraction through the {@code Propagator}); this
 * filter adds, first in the chain:
 * <ul>
 * <li>{@code traceresponse} (and optionally a trace id header), written just before the
 * response commits, so error responses get it too;</li>
 * <li>the incoming {@code traceparent} counted by outcome;</li>
 * </ul>
 * Excluded paths get neither headers nor a span.
 */
public class TraceContextWebFilter implements WebFilter, Ordered {

	static final String EXCLUDED_ATTRIBUTE = TraceContextWebFilter.class.getName() + ".excluded";

	private final TraceResponseHeaders responseHeaders;

	private final ExcludedPaths excludedPaths;

	private final PropagationCounters counters;

	private final Guard countGuard = new Guard(TraceContextWebFilter.class, "counting incoming context");

	private final Guard headerGuard = new Guard(TraceContextWebFilter.class, "writing response headers");

	public TraceContextWebFilter(TraceResponseHeaders responseHeaders, ExcludedPaths excludedPaths,
			PropagationCounters counters) {
		this.responseHeaders = responseHeaders;
		this.excludedPaths = excludedPaths;
		this.counters = counters;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		this.countGuard.run(() -> this.counters
			.incoming(IncomingTraceparent.classify(exchange.getRequest().getHeaders().getFirst("traceparent"))));
		if (isExcluded(exchange, this.excludedPaths)) {
			return chain.filter(exchange);
		}
		if (this.responseHeaders.isEnabled()) {
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
		ServerRequestObservationContext context = ServerRequestObservationContext
			.findCurrent(exchange.getAttributes())
			.orElse(null);
		TracingContext tracing = (context != null) ? context.get(TracingContext.class) : null;
		return (tracing != null) ? tracing.getSpan() : null;
	}

	/**
	 * Whether an exchange's path is excluded, computed once per exchange and kept as an
	 * attribute so that the observation predicate and the filter agree.
	 * @param exchange the exchange
	 * @param excludedPaths the patterns
	 * @return {@code true} if no span should be made for the exchange
	 */
	static boolean isExcluded(ServerWebExchange exchange, ExcludedPaths excludedPaths) {
		boolean excluded = isExcluded(exchange.getAttributes(),
				exchange.getRequest().getPath().pathWithinApplication().value(), excludedPaths);
		exchange.getAttributes().put(EXCLUDED_ATTRIBUTE, excluded);
		return excluded;
	}

	// Reads only: the observation context's attributes are a read-only view of the exchange's
	// (Collections.unmodifiableMap), and the predicate runs before this filter, so a put there
	// would throw on every request. Both compute the same answer from the same path.
	static boolean isExcluded(java.util.Map<String, Object> attributes, String path, ExcludedPaths excludedPaths) {
		Object cached = attributes.get(EXCLUDED_ATTRIBUTE);
		if (cached instanceof Boolean excluded) {
			return excluded;
		}
		return excludedPaths.matches(path);
	}

}
