package io.github.tracecontext.client;

import java.io.IOException;
import java.util.List;

import io.github.tracecontext.internal.Guard;
import io.github.tracecontext.stats.PropagationCounters;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Counts outgoing calls by whether they carry trace headers. Interceptors run inside the
 * client observation, after its propagator injected the headers, so what it sees is what
 * leaves. Its presence on a client also marks the client as already instrumented.
 */
public final class PropagationCountingInterceptor implements ClientHttpRequestInterceptor {

	private final PropagationCounters counters;

	private final List<String> fields;

	private final Guard guard = new Guard(PropagationCountingInterceptor.class, "counting outgoing calls");

	/**
	 * Create an interceptor.
	 * @param counters where to count
	 * @param fields the header names the configured propagator writes
	 */
	public PropagationCountingInterceptor(PropagationCounters counters, List<String> fields) {
		this.counters = counters;
		this.fields = List.copyOf(fields);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		this.guard.run(() -> this.counters.outgoing(carriesContext(request.getHeaders())));
		return execution.execute(request, body);
	}

	private boolean carriesContext(HttpHeaders headers) {
		for (String field : this.fields) {
			if (headers.getFirst(field) != null) {
				return true;
			}
		}
		return false;
	}

}
