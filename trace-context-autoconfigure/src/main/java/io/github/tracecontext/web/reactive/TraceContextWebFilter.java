package io.github.tracecontext.web.reactive;

import io.github.tracecontext.internal.Guard;
import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.web.TraceResponseHeaders;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
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
 * </ul>
 * Excluded paths get neither headers nor a span, but the caller's context is put in the
 * Reactor context as the current observation: one that is never started (no span, no
 * metric) and whose tracing context holds the caller's span. Micrometer's observation
 * accessor then opens and closes its scope on every thread like a request's own
 * observation, so log lines and outgoing calls carry the caller's trace. (Putting the span
 * under the span accessor's key instead loses it in nested restores.)
 */
public class TraceContextWebFilter implements WebFilter, Ordered {

	static final String EXCLUDED_ATTRIBUTE = TraceContextWebFilter.class.getName() + ".excluded";

	private final TraceResponseHeaders responseHeaders;

	private final ExcludedPaths excludedPaths;


	private final RemoteSpans remoteSpans;

	private final ObservationRegistry registry;


	private final Guard remoteGuard = new Guard(TraceContextWebFilter.class, "reading the caller's context");

	private final Guard headerGuard = new Guard(TraceContextWebFilter.class, "writing response headers");

	public TraceContextWebFilter(TraceResponseHeaders responseHeaders, ExcludedPaths excludedPaths) {
		this(responseHeaders, excludedPaths, RemoteSpans.NONE, ObservationRegistry.NOOP);
	}

	public TraceContextWebFilter(TraceResponseHeaders responseHeaders, ExcludedPaths excludedPaths,
			RemoteSpans remoteSpans, ObservationRegistry registry) {
		this.responseHeaders = responseHeaders;
		this.excludedPaths = excludedPaths;
		this.remoteSpans = remoteSpans;
		this.registry = registry;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (isExcluded(exchange, this.excludedPaths)) {
			Span remote = this.remoteGuard.get(() -> this.remoteSpans.extract(exchange.getRequest()), null);
			if (remote == null) {
				return chain.filter(exchange);
			}
			// deferred, so the rest of the chain is assembled with the caller's context current
			return Mono.defer(() -> chain.filter(exchange))
				.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, callerObservation(remote)));
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

	private Observation callerObservation(Span remote) {
		Observation.Context context = new Observation.Context();
		TracingContext tracing = new TracingContext();
		tracing.setSpan(remote);
		context.put(TracingContext.class, tracing);
		return Observation.createNotStarted("tracecontext.excluded.request", () -> context, this.registry);
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
