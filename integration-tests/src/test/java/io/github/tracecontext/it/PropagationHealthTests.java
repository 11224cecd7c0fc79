package io.github.tracecontext.it;

import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.github.tracecontext.testsupport.HttpGet;
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

	@LocalServerPort
	int port;

	final HttpGet http = new HttpGet(() -> this.port);

	@Test
	void lostContextMovesTheMetersTheEndpointAndHealth() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.http.body("/hello?tag=traced" + i);
		}
		this.http.body("/async");
		double withoutContextBefore = meter("tracecontext.async.handoffs", "outcome:without-context");
		double withContextBefore = meter("tracecontext.async.handoffs", "outcome:with-context");
		double absentBefore = meter("tracecontext.logs.events", "trace-id:absent");
		assertThat(withContextBefore).isGreaterThanOrEqualTo(1);
		assertThat(meter("tracecontext.logs.events", "trace-id:present")).isGreaterThanOrEqualTo(5);
		assertThat(meter("tracecontext.logs.coverage")).as(this.http.body("/actuator/tracecontext")).isEqualTo(1.0);
		String healthy = this.http.body("/actuator/health/tracecontext");
		assertThat((String) JsonPath.read(healthy, "$.status")).isEqualTo("UP");
		assertThat((Boolean) JsonPath.read(healthy, "$.details.judged")).isTrue();

		this.http.body("/lost-async");

		assertThat(meter("tracecontext.async.handoffs", "outcome:without-context") - withoutContextBefore).isEqualTo(1);
		assertThat(meter("tracecontext.logs.events", "trace-id:absent") - absentBefore).isEqualTo(2);
		assertThat(meter("tracecontext.logs.coverage")).isLessThan(1.0);
		String endpoint = this.http.body("/actuator/tracecontext");
		double share = ((Number) JsonPath.read(endpoint, "$.recent.logs.withTraceIdShare")).doubleValue();
		assertThat(share).isLessThan(1.0).isGreaterThan(0.5);
		assertThat((Integer) JsonPath.read(endpoint, "$.recent.async.withoutContext")).isEqualTo(1);
		List<String> summary = JsonPath.read(endpoint, "$.recent.summary");
		assertThat(summary).anySatisfy((line) -> assertThat(line).contains("of log lines carried a trace id"))
			.anySatisfy((line) -> assertThat(line).startsWith("Most lines without a trace id came from")
				.contains("io.github.tracecontext.it.TestApplication"))
			.anySatisfy((line) -> assertThat(line).startsWith("1 task(s) were handed to an executor"));
		String degraded = this.http.body("/actuator/health/tracecontext");
		assertThat((String) JsonPath.read(degraded, "$.status")).isEqualTo("DEGRADED");
		assertThat((Boolean) JsonPath.read(degraded, "$.details.degraded")).isTrue();
	}

	@Test
	void badHeaderMovesTheRejectedMeterAndTheEndpoint() throws Exception {
		String tag = "outcome:rejected";
		double before = meter("tracecontext.incoming.requests", tag, "reason:uppercase-hex");
		double continuedBefore = meter("tracecontext.incoming.requests", "outcome:continued");
		W3c caller = W3c.random();
		this.http.body("/hello?tag=bad", "traceparent", caller.traceparent().toUpperCase(java.util.Locale.ROOT));
		this.http.body("/hello?tag=good", "traceparent", caller.traceparent());
		assertThat(meter("tracecontext.incoming.requests", tag, "reason:uppercase-hex") - before).isEqualTo(1);
		assertThat(meter("tracecontext.incoming.requests", "outcome:continued") - continuedBefore).isEqualTo(1);
		String endpoint = this.http.body("/actuator/tracecontext");
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
		String json = this.http.body("/actuator/metrics/" + name + query);
		return ((Number) JsonPath.read(json, "$.measurements[0].value")).doubleValue();
	}

}
