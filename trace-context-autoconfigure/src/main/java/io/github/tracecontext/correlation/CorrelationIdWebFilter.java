package io.github.tracecontext.correlation;

import io.github.tracecontext.internal.Guard;
import io.github.tracecontext.propagation.CallerPolicy;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The legacy correlation header on WebFlux requests
 * ({@code trace-context.correlation.*}): the id {@link CorrelationIds} picks is echoed on
 * the response, kept as an exchange attribute, and written into the Reactor context under
 * {@link CorrelationIdAccessor#KEY}, from where automatic context propagation puts it in
 * the MDC on every thread the request runs on and the starter's {@code WebClient} filter
 * forwards it.
 */
public class CorrelationIdWebFilter implements WebFilter, Ordered {

	/** Exchange attribute holding the request's id (absent if it has none). */
	public static final String ATTRIBUTE = CorrelationIdWebFilter.class.getName() + ".id";

	private final CorrelationIds ids;

	private final CallerPolicy callerPolicy;

	private final boolean echo;

	private final Guard guard = new Guard(CorrelationIdWebFilter.class, "reading the correlation header");

	/**
	 * Create the filter.
	 * @param ids the correlation id policy
	 * @param callerPolicy which callers may set the id
	 * @param echo whether the id goes on the response
	 */
	public CorrelationIdWebFilter(CorrelationIds ids, CallerPolicy callerPolicy, boolean echo) {
		this.ids = ids;
		this.callerPolicy = callerPolicy;
		this.echo = echo;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String id = this.guard.get(() -> idOf(exchange), null);
		if (id == null) {
			return chain.filter(exchange);
		}
		exchange.getAttributes().put(ATTRIBUTE, id);
		if (this.echo) {
			this.guard.run(() -> exchange.getResponse().getHeaders().set(this.ids.header(), id));
		}
		// deferred, so the rest of the chain is assembled with the id current
		return Mono.defer(() -> chain.filter(exchange))
			.contextWrite((context) -> context.put(CorrelationIdAccessor.KEY, id));
	}

	private @Nullable String idOf(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		return this.ids.resolve(request.getHeaders().get(this.ids.header()), this.callerPolicy.trusts(request));
	}

}
