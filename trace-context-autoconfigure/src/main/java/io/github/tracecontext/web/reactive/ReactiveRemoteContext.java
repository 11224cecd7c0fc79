package io.github.tracecontext.web.reactive;

import reactor.util.context.Context;

import org.springframework.web.server.ServerWebExchange;

/**
 * Puts a request's incoming trace context into the Reactor context without creating a
 * span, for excluded paths.
 */
@FunctionalInterface
public interface ReactiveRemoteContext {

	/** Adds nothing: for tracers the starter cannot extract with. */
	ReactiveRemoteContext NONE = (context, exchange) -> context;

	/**
	 * Add the exchange's incoming context.
	 * @param context the Reactor context of the request
	 * @param exchange the exchange
	 * @return the context with the caller's span, or unchanged when there is none
	 */
	Context put(Context context, ServerWebExchange exchange);

}
