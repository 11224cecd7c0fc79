package io.github.tracecontext.client;

import io.github.tracecontext.correlation.CorrelationIdAccessor;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Counts outgoing {@code WebClient} calls by whether they carry trace headers, removes
 * them for destinations that may not receive them and adds the correlation header for the
 * others. The {@code WebClient} builds its request after the observation injected the
 * headers, so the filter sees what leaves. Its presence on a client also marks the client
 * as already instrumented.
 */
public final class PropagationCountingFilter implements ExchangeFilterFunction {

	private final OutgoingCalls calls;

	public PropagationCountingFilter(OutgoingCalls calls) {
		this.calls = calls;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (!this.calls.allows(request.url())) {
			return next.exchange(ClientRequest.from(request).headers(this.calls::strip).build());
		}
		if (!this.calls.forwardsCorrelation() || this.calls.setsCorrelation(request.headers())) {
			this.calls.record(request.headers());
			return next.exchange(request);
		}
		// the id travels in the Reactor context (WebFlux) or on the calling thread (a
		// servlet
		// request that blocks on the call)
		return Mono.deferContextual((context) -> {
			String id = context.getOrDefault(CorrelationIdAccessor.KEY, this.calls.currentCorrelationId());
			ClientRequest outgoing = (id != null) ? ClientRequest.from(request)
				.headers((headers) -> this.calls.forwardCorrelation(headers, id))
				.build() : request;
			this.calls.record(outgoing.headers());
			return next.exchange(outgoing);
		});
	}

}
