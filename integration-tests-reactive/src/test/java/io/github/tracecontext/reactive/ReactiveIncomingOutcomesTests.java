package io.github.tracecontext.reactive;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.github.tracecontext.testsupport.RawHttp;
import io.github.tracecontext.testsupport.RawHttp.Header;
import io.github.tracecontext.testsupport.W3c;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static io.github.tracecontext.testsupport.EndpointCounts.delta;
import static io.github.tracecontext.testsupport.EndpointCounts.figure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux side of one outcome per incoming request: a known mix over real HTTP into
 * Netty (valid, absent, every kind of invalid {@code traceparent}, an untrusted caller,
 * excluded actuator requests, an error, dropped {@code tracestate} and {@code baggage})
 * moves each figure of the endpoint by exactly what it should, and the outcomes add up to
 * the requests.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=health,tracecontext",
				"trace-context.incoming.untrusted-paths=/handled", "server.max-http-request-header-size=64KB",
				"downstream.url=http://127.0.0.1:9" })
@DirtiesContext
@AutoConfigureTracing
class ReactiveIncomingOutcomesTests {

	@LocalServerPort
	int port;

	@Test
	void aKnownMixMovesEveryFigureExactlyAndTheOutcomesAddUpToTheRequests() throws Exception {
		String before = endpoint();

		get("/hello?tag=valid-1", traceparent());
		get("/hello?tag=valid-2", traceparent());
		get("/hello?tag=absent");
		for (String invalid : W3c.INVALID_TRACEPARENTS) {
			get("/hello?tag=invalid", Header.of("traceparent", invalid));
		}
		get("/hello?tag=duplicate", traceparent(), traceparent());
		get("/handled?tag=untrusted", traceparent()); // untrusted: restarted
		get("/handled?tag=untrusted-bare"); // untrusted without a trace: started
		get("/boom?tag=error", traceparent()); // an error: one outcome
		get("/actuator/health", traceparent()); // excluded, whatever the header
		get("/actuator/health");
		get("/actuator/health", Header.of("traceparent", W3c.INVALID_TRACEPARENTS.get(2)));
		get("/hello?tag=bad-tracestate", traceparent(), Header.of("tracestate", "Not A Key=1"));
		get("/hello?tag=big-baggage", traceparent(), Header.of("baggage", "k=" + "v".repeat(9000)));

		String after = endpoint(); // itself an excluded request

		Map<String, Long> expected = Map.of("continued", 5L, "started", 2L, "rejected", 7L, "restartedByPolicy", 1L,
				"excluded", 4L, "requests", 15L);
		expected.forEach((figure, count) -> assertThat(delta(after, before, "$.counters.incoming." + figure)).as(figure)
			.isEqualTo(count));
		assertThat(figure(after, "$.counters.incoming.requests"))
			.isEqualTo(figure(after, "$.counters.incoming.continued") + figure(after, "$.counters.incoming.started")
					+ figure(after, "$.counters.incoming.rejected")
					+ figure(after, "$.counters.incoming.restartedByPolicy"));
		for (String reason : List.of("oversized", "bad-length", "uppercase-hex", "not-hex", "invalid-version",
				"zero-id", "duplicate-header")) {
			assertThat(delta(after, before, "$.counters.incoming.rejectedByReason['" + reason + "']")).as(reason)
				.isEqualTo(1);
		}
		assertThat(delta(after, before, "$.counters.incoming.dropped.tracestate.byReason['tracestate-invalid']"))
			.isEqualTo(1);
		assertThat(delta(after, before, "$.counters.incoming.dropped.baggage.total")).isEqualTo(1);
		assertThat(delta(after, before, "$.recent.incoming.requests")).isEqualTo(15);
		assertThat(delta(after, before, "$.recent.incoming.excluded")).isEqualTo(4);
	}

	private static Header traceparent() {
		return Header.of("traceparent", W3c.random().traceparent());
	}

	private void get(String path, Header... headers) throws IOException {
		RawHttp.Response response = RawHttp.get(this.port, path, List.of(headers));
		assertThat(response.status()).as(path).isIn(200, 418, 500);
	}

	private String endpoint() throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/tracecontext"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
