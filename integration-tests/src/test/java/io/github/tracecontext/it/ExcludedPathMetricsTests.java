package io.github.tracecontext.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.github.tracecontext.testsupport.FinishedSpans;
import io.github.tracecontext.testsupport.HttpGet;
import io.github.tracecontext.testsupport.W3c;
import io.micrometer.common.KeyValues;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Excluded paths (the actuator by default, and {@code /internal/**} here) make no span
 * and export nothing, but keep Spring Boot's {@code http.server.requests} timer with its
 * tags and the user's convention, readable at {@code /actuator/metrics}.
 */
@SpringBootTest(classes = { TestApplication.class, ExcludedPathMetricsTests.TeamConvention.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=health,metrics",
				"trace-context.web.excluded-paths=/internal/**", "downstream.url=http://127.0.0.1:9" })
@DirtiesContext
@AutoConfigureTracing
class ExcludedPathMetricsTests {

	@LocalServerPort
	int port;

	final HttpGet http = new HttpGet(() -> this.port);

	@Autowired
	FinishedSpans spans;

	@Test
	void excludedPathsKeepBootsMetricsWithTheUsersConventionButMakeNoSpan() throws Exception {
		W3c caller = W3c.random();
		assertThat(this.http.get("/actuator/health", "traceparent", caller.traceparent()).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/internal/quiet", "traceparent", caller.traceparent()).statusCode()).isEqualTo(200);

		HttpResponse<String> health = this.http.get("/actuator/metrics/http.server.requests?tag=uri:/actuator/health");
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat(count(health.body())).isGreaterThanOrEqualTo(1);
		HttpResponse<String> internal = this.http
			.get("/actuator/metrics/http.server.requests?tag=uri:/internal/quiet&tag=team:checkout&tag=status:200");
		assertThat(internal.statusCode()).as(internal.body()).isEqualTo(200);
		assertThat(count(internal.body())).isEqualTo(1);

		// the next request of the same trace lands its span; had an excluded one made a
		// span, it
		// would have landed before
		assertThat(this.http.get("/hello?tag=after-excluded", "traceparent", caller.traceparent()).statusCode())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.spans.ofTrace(caller.traceId())).isNotEmpty());
		assertThat(this.spans.ofTrace(caller.traceId())).singleElement()
			.satisfies((span) -> assertThat(span.getName()).doesNotContain("actuator", "internal"));
	}

	private static double count(String metric) {
		List<Double> counts = JsonPath.read(metric, "$.measurements[?(@.statistic == 'COUNT')].value");
		return counts.get(0);
	}

	@Configuration(proxyBeanMethods = false)
	static class TeamConvention {

		@Bean
		ServerRequestObservationConvention teamConvention() {
			return new DefaultServerRequestObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and("team", "checkout");
				}

			};
		}

	}

}
