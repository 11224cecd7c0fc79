package io.github.tracecontext.client;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Counts outgoing {@code WebClient} calls by whether they carry trace headers. The
 * {@code WebClient} builds its request after the observation injected the headers, so the
 * filter sees what leaves. Its presence on a client also marks the client as already
 * instrumented.
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
		this.calls.record(request.headers());
		return next.exchange(request);
	}

}
