package io.github.tracecontext.it;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.tracecontext.testsupport.HttpGet;
import io.github.tracecontext.testsupport.RawHttp;
import io.github.tracecontext.testsupport.RawHttp.Header;
import io.github.tracecontext.testsupport.W3c;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static io.github.tracecontext.testsupport.EndpointCounts.delta;
import static io.github.tracecontext.testsupport.EndpointCounts.figure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every incoming request has exactly one outcome, and each figure means the same in the
 * endpoint, the meters and the recent window: a known mix of requests over real HTTP
 * (valid, absent, every kind of invalid {@code traceparent}, an untrusted caller,
 * excluded paths, error and async dispatches, dropped {@code tracestate} and
 * {@code baggage}) moves every figure by exactly what it should.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=health,tracecontext",
				"trace-context.web.excluded-paths=/internal/**", "trace-context.incoming.untrusted-paths=/public/**",
				"server.max-http-request-header-size=64KB", "downstream.url=http://127.0.0.1:9" })
@DirtiesContext
@AutoConfigureTracing
class IncomingOutcomesTests {

	@LocalServerPort
	int port;

	final HttpGet http = new HttpGet(() -> this.port);

	@Autowired
	MeterRegistry meters;

	@Test
	void aKnownMixMovesEveryFigureExactlyAndTheOutcomesAddUpToTheRequests() throws Exception {
		String before = endpoint();
		Map<String, Double> metersBefore = meters();

		get("/hello?tag=valid-1", traceparent());
		get("/hello?tag=valid-2", traceparent());
		get("/hello?tag=absent");
		for (String invalid : W3c.INVALID_TRACEPARENTS) {
			get("/hello?tag=invalid", Header.of("traceparent", invalid));
		}
		get("/hello?tag=duplicate", traceparent(), traceparent());
		get("/public/hello", traceparent()); // untrusted: restarted
		get("/public/hello"); // untrusted without a trace: started
		get("/boom", traceparent()); // REQUEST, then ERROR dispatch: one outcome
		get("/deferred", traceparent()); // REQUEST, then ASYNC dispatch: one outcome
		get("/internal/ping", traceparent()); // excluded, whatever the header
		get("/internal/ping");
		get("/internal/ping", Header.of("traceparent", W3c.INVALID_TRACEPARENTS.get(2)));
		get("/internal/boom", traceparent()); // excluded, with an ERROR dispatch
		get("/internal/deferred", traceparent()); // excluded, with an ASYNC dispatch
		get("/hello?tag=bad-tracestate", traceparent(), Header.of("tracestate", "Not A Key=1"));
		get("/hello?tag=big-baggage", traceparent(), Header.of("baggage", "k=" + "v".repeat(9000)));

		String after = endpoint(); // itself an excluded request
		Map<String, Double> metersAfter = meters();

		Map<String, Long> expected = new LinkedHashMap<>();
		expected.put("continued", 2L + 1 + 1 + 2); // valid, error and async dispatch,
													// dropped headers
		expected.put("started", 2L);
		expected.put("rejected", 7L);
		expected.put("restartedByPolicy", 1L);
		expected.put("excluded", 5L + 1);
		expected.forEach((figure, count) -> assertThat(delta(after, before, "$.counters.incoming." + figure)).as(figure)
			.isEqualTo(count));
		long requests = delta(after, before, "$.counters.incoming.requests");
		assertThat(requests).isEqualTo(expected.get("continued") + expected.get("started") + expected.get("rejected")
				+ expected.get("restartedByPolicy"));
		assertThat(requests).isEqualTo(16);

		for (String reason : List.of("oversized", "bad-length", "uppercase-hex", "not-hex", "invalid-version",
				"zero-id", "duplicate-header")) {
			assertThat(delta(after, before, "$.counters.incoming.rejectedByReason['" + reason + "']")).as(reason)
				.isEqualTo(1);
		}
		assertThat(sum(after, "$.counters.incoming.rejectedByReason"))
			.isEqualTo(JsonPath.<Integer>read(after, "$.counters.incoming.rejected").longValue());
		assertThat(delta(after, before, "$.counters.incoming.dropped.tracestate.total")).isEqualTo(1);
		assertThat(delta(after, before, "$.counters.incoming.dropped.tracestate.byReason['tracestate-invalid']"))
			.isEqualTo(1);
		assertThat(delta(after, before, "$.counters.incoming.dropped.baggage.total")).isEqualTo(1);
		for (String header : List.of("tracestate", "baggage")) {
			assertThat(sum(after, "$.counters.incoming.dropped." + header + ".byReason")).as(header)
				.isEqualTo(
						JsonPath.<Integer>read(after, "$.counters.incoming.dropped." + header + ".total").longValue());
		}

		// the meters: the same figures under the same definitions
		assertThat(metersAfter.get("continued") - metersBefore.get("continued")).isEqualTo(6);
		assertThat(metersAfter.get("started") - metersBefore.get("started")).isEqualTo(2);
		assertThat(metersAfter.get("rejected") - metersBefore.get("rejected")).isEqualTo(7);
		assertThat(metersAfter.get("restarted-by-policy") - metersBefore.get("restarted-by-policy")).isEqualTo(1);
		assertThat(metersAfter.get("excluded") - metersBefore.get("excluded")).isEqualTo(6);

		// the recent window: the same counts, excluded ones in no share
		assertThat(delta(after, before, "$.recent.incoming.requests")).isEqualTo(16);
		assertThat(delta(after, before, "$.recent.incoming.started")).isEqualTo(2);
		assertThat(delta(after, before, "$.recent.incoming.restartedByPolicy")).isEqualTo(1);
		assertThat(delta(after, before, "$.recent.incoming.excluded")).isEqualTo(6);
		long recentRequests = JsonPath.<Integer>read(after, "$.recent.incoming.requests");
		long continued = JsonPath.<Integer>read(after, "$.counters.incoming.continued");
		assertThat(JsonPath.<Double>read(after, "$.recent.incoming.continuedShare"))
			.isEqualTo(Math.round(continued * 10000.0 / recentRequests) / 10000.0);
	}

	private static Header traceparent() {
		return Header.of("traceparent", W3c.random().traceparent());
	}

	private void get(String path, Header... headers) throws IOException {
		RawHttp.Response response = RawHttp.get(this.port, path, List.of(headers));
		assertThat(response.status()).as(path).isIn(200, 500);
	}

	private String endpoint() throws IOException, InterruptedException {
		return this.http.body("/actuator/tracecontext");
	}

	private Map<String, Double> meters() {
		Map<String, Double> byOutcome = new LinkedHashMap<>();
		for (FunctionCounter counter : this.meters.find("tracecontext.incoming.requests").functionCounters()) {
			byOutcome.merge(counter.getId().getTag("outcome"), counter.count(), Double::sum);
		}
		return byOutcome;
	}

	private static long sum(String json, String path) {
		Map<String, Number> byReason = JsonPath.read(json, path);
		return byReason.values().stream().mapToLong(Number::longValue).sum();
	}

}
