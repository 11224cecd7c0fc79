package io.github.tracecontext.client;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Counts outgoing {@code RestTemplate} and {@code RestClient} calls by whether they carry
 * trace headers, removes them for destinations that may not receive them and adds the
 * correlation header for the others. Interceptors run inside the client observation,
 * after its propagator injected the headers, so what it sees is what leaves. Its presence
 * on a client also marks the client as already instrumented.
 */
public final class PropagationCountingInterceptor implements ClientHttpRequestInterceptor {

	private final OutgoingCalls calls;

	public PropagationCountingInterceptor(OutgoingCalls calls) {
		this.calls = calls;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (!this.calls.allows(request.getURI())) {
			this.calls.strip(request.getHeaders());
		}
		else {
			this.calls.forwardCorrelation(request.getHeaders(), this.calls.currentCorrelationId());
			this.calls.record(request.getHeaders());
		}
		return execution.execute(request, body);
	}

}
