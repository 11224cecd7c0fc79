package io.github.tracecontext.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.tracecontext.testsupport.W3c;
import io.micrometer.common.KeyValues;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
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
 * Excluded paths (the actuator by default, and {@code /internal/**} here) make no span and
 * export nothing, but keep Spring Boot's {@code http.server.requests} timer with its tags
 * and the user's convention, readable at {@code /actuator/metrics}.
 */
@SpringBootTest(classes = { TestApplication.class, ExcludedPathMetricsTests.TeamConvention.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=health,metrics",
				"trace-context.web.excluded-paths=/internal/**", "downstream.url=http://127.0.0.1:9" })
@DirtiesContext
@AutoConfigureTracing
class ExcludedPathMetricsTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	InMemorySpanExporter spans;

	@Autowired
	SdkTracerProvider tracerProvider;

	@Test
	void excludedPathsKeepBootsMetricsWithTheUsersConventionButMakeNoSpan() throws Exception {
		W3c caller = W3c.random();
		assertThat(get("/actuator/health", caller).statusCode()).isEqualTo(200);
		assertThat(get("/internal/quiet", caller).statusCode()).isEqualTo(200);

		HttpResponse<String> health = get("/actuator/metrics/http.server.requests?tag=uri:/actuator/health", null);
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat(count(health.body())).isGreaterThanOrEqualTo(1);
		HttpResponse<String> internal = get(
				"/actuator/metrics/http.server.requests?tag=uri:/internal/quiet&tag=team:checkout&tag=status:200",
				null);
		assertThat(internal.statusCode()).as(internal.body()).isEqualTo(200);
		assertThat(count(internal.body())).isEqualTo(1);

		// the next request of the same trace lands its span; had an excluded one made a span, it
		// would have landed before
		assertThat(get("/hello?tag=after-excluded", caller).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spansOf(caller)).isNotEmpty());
		assertThat(spansOf(caller)).singleElement()
			.satisfies((span) -> assertThat(span.getName()).doesNotContain("actuator", "internal"));
	}

	private List<SpanData> spansOf(W3c caller) {
		this.tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
		return this.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getTraceId().equals(caller.traceId()))
			.toList();
	}

	private static double count(String metric) {
		List<Double> counts = JsonPath.read(metric, "$.measurements[?(@.statistic == 'COUNT')].value");
		return counts.get(0);
	}

	private HttpResponse<String> get(String path, W3c caller) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
		if (caller != null) {
			request.header("traceparent", caller.traceparent());
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
