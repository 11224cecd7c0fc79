package io.github.tracecontext.autoconfigure;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.tracecontext.stats.PropagationCounters;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers every request with an empty 200 and keeps the requests, so tests see the
 * headers a blocking client sent.
 */
class RecordingRequestFactory implements ClientHttpRequestFactory {

	final List<MockClientHttpRequest> requests = new CopyOnWriteArrayList<>();

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		MockClientHttpRequest request = new MockClientHttpRequest(httpMethod, uri);
		request.setResponse(new MockClientHttpResponse(new byte[0], HttpStatus.OK));
		this.requests.add(request);
		return request;
	}

	/**
	 * Exactly one request went out, with a {@code traceparent}, and it was counted as a
	 * call that carried context.
	 * @param counters the starter's counters
	 */
	void sentOneTracedCall(PropagationCounters counters) {
		assertThat(this.requests).singleElement()
			.satisfies((request) -> assertThat(request.getHeaders().getFirst("traceparent"))
				.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"));
		assertThat(counters.outgoingPropagated()).isEqualTo(1);
		assertThat(counters.outgoingWithoutContext()).isZero();
	}

}
