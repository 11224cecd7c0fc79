package io.github.tracecontext.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.github.tracecontext.testsupport.W3c;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Propagation health over real HTTP: the {@code tracecontext.*} meters at
 * {@code /actuator/metrics}, the endpoint's recent figures and summary, and the
 * {@code tracecontext} health contribution move when context is lost (a plain thread that
 * hands work to an {@code @Async} method) and when a caller sends a bad header.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=health,tracecontext,metrics",
				"management.endpoint.health.show-details=always", "trace-context.health.min-log-lines=1",
				"trace-context.health.min-log-coverage=0.99", "trace-context.health.degraded-status=DEGRADED" })
@DirtiesContext
@AutoConfigureTracing
class PropagationHealthTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Test
	void lostContextMovesTheMetersTheEndpointAndHealth() throws Exception {
		for (int i = 0; i < 3; i++) {
			get("/hello?tag=traced" + i);
		}
		get("/async");
		double withoutContextBefore = meter("tracecontext.async.handoffs", "outcome:without-context");
		double withContextBefore = meter("tracecontext.async.handoffs", "outcome:with-context");
		double absentBefore = meter("tracecontext.logs.events", "trace-id:absent");
		assertThat(withContextBefore).isGreaterThanOrEqualTo(1);
		assertThat(meter("tracecontext.logs.events", "trace-id:present")).isGreaterThanOrEqualTo(5);
		assertThat(meter("tracecontext.logs.coverage")).as(get("/actuator/tracecontext")).isEqualTo(1.0);
		String healthy = get("/actuator/health/tracecontext");
		assertThat((String) JsonPath.read(healthy, "$.status")).isEqualTo("UP");
		assertThat((Boolean) JsonPath.read(healthy, "$.details.judged")).isTrue();

		get("/lost-async");

		assertThat(meter("tracecontext.async.handoffs", "outcome:without-context") - withoutContextBefore)
			.isEqualTo(1);
		assertThat(meter("tracecontext.logs.events", "trace-id:absent") - absentBefore).isEqualTo(2);
		assertThat(meter("tracecontext.logs.coverage")).isLessThan(1.0);
		String endpoint = get("/actuator/tracecontext");
		double share = ((Number) JsonPath.read(endpoint, "$.recent.logs.withTraceIdShare")).doubleValue();
		assertThat(share).isLessThan(1.0).isGreaterThan(0.5);
		assertThat((Integer) JsonPath.read(endpoint, "$.recent.async.withoutContext")).isEqualTo(1);
		List<String> summary = JsonPath.read(endpoint, "$.recent.summary");
		assertThat(summary).anySatisfy((line) -> assertThat(line).contains("of log lines carried a trace id"))
			.anySatisfy((line) -> assertThat(line).startsWith("Most lines without a trace id came from")
				.contains("io.github.tracecontext.it.TestApplication"))
			.anySatisfy((line) -> assertThat(line).startsWith("1 task(s) were handed to an executor"));
		String degraded = get("/actuator/health/tracecontext");
		assertThat((String) JsonPath.read(degraded, "$.status")).isEqualTo("DEGRADED");
		assertThat((Boolean) JsonPath.read(degraded, "$.details.degraded")).isTrue();
	}

	@Test
	void badHeaderMovesTheRejectedMeterAndTheEndpoint() throws Exception {
		String tag = "outcome:rejected";
		double before = meter("tracecontext.incoming.requests", tag, "reason:uppercase-hex");
		double continuedBefore = meter("tracecontext.incoming.requests", "outcome:continued");
		W3c caller = W3c.random();
		get("/hello?tag=bad", "traceparent", caller.traceparent().toUpperCase(java.util.Locale.ROOT));
		get("/hello?tag=good", "traceparent", caller.traceparent());
		assertThat(meter("tracecontext.incoming.requests", tag, "reason:uppercase-hex") - before).isEqualTo(1);
		assertThat(meter("tracecontext.incoming.requests", "outcome:continued") - continuedBefore).isEqualTo(1);
		String endpoint = get("/actuator/tracecontext");
		assertThat(((Number) JsonPath.read(endpoint, "$.recent.incoming.rejectedShare")).doubleValue())
			.isGreaterThan(0);
		List<String> summary = JsonPath.read(endpoint, "$.recent.summary");
		assertThat(summary).anySatisfy((line) -> assertThat(line).contains("had an invalid traceparent"));
	}

	private double meter(String name, String... tags) throws Exception {
		StringBuilder query = new StringBuilder();
		for (String tag : tags) {
			query.append(query.isEmpty() ? "?" : "&").append("tag=").append(tag);
		}
		String json = get("/actuator/metrics/" + name + query);
		return ((Number) JsonPath.read(json, "$.measurements[0].value")).doubleValue();
	}

	private String get(String path, String... header) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
		if (header.length == 2) {
			request.header(header[0], header[1]);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return response.body();
	}

}
