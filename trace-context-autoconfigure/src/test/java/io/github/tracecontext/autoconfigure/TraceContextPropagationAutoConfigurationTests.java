package io.github.tracecontext.autoconfigure;

import java.util.List;
import java.util.Map;

import io.github.tracecontext.propagation.RequestOutcome;
import io.github.tracecontext.actuate.TraceContextEndpoint;
import io.github.tracecontext.stats.PropagationCounters;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryEventPublisherBeansApplicationListener;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceContextPropagationAutoConfiguration}: whether the strict reader
 * reads W3C agrees with the formats the {@code tracecontext} endpoint reports, and both
 * with Spring Boot's {@code management.tracing.propagation.*} defaults and rules.
 */
class TraceContextPropagationAutoConfigurationTests {

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, TraceContextAutoConfiguration.class,
				TraceContextPropagationAutoConfiguration.class, TraceContextEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=tracecontext");

	@BeforeAll
	static void addContextStorageWrapper() {
		OpenTelemetryEventPublisherBeansApplicationListener.addWrapper();
	}

	@Test
	void readsW3cAndReportsSpringBootDefaults() {
		this.contextRunner.run(agree(List.of("W3C"), List.of("W3C", "B3", "B3_MULTI"), true));
	}

	@Test
	void typeSetsWhatIsProducedAndConsumed() {
		this.contextRunner.withPropertyValues("management.tracing.propagation.type=b3")
			.run(agree(List.of("B3"), List.of("B3"), false));
	}

	@Test
	void typeWinsOverProduceAndConsume() {
		this.contextRunner
			.withPropertyValues("management.tracing.propagation.type=w3c", "management.tracing.propagation.consume=b3",
					"management.tracing.propagation.produce=b3")
			.run(agree(List.of("W3C"), List.of("W3C"), true));
	}

	@Test
	void consumeWithoutW3cSwitchesTheStrictReaderOff() {
		this.contextRunner.withPropertyValues("management.tracing.propagation.consume=b3-multi")
			.run(agree(List.of("W3C"), List.of("B3_MULTI"), false));
	}

	@Test
	void consumeIsReportedWithSpringBootsNamesForRelaxedValues() {
		this.contextRunner.withPropertyValues("management.tracing.propagation.consume=b3-multi,w3c")
			.run(agree(List.of("W3C"), List.of("B3_MULTI", "W3C"), true));
	}

	@Test
	void emptyTypeConsumesAndProducesNothing() {
		this.contextRunner.withPropertyValues("management.tracing.propagation.type=")
			.run(agree(List.of(), List.of(), false));
	}

	@Test
	void exportSwitchedOffReadsNothingAndStillReportsTheConfiguredFormats() {
		this.contextRunner
			.withPropertyValues("management.tracing.export.enabled=false",
					"management.tracing.propagation.consume=b3-multi,w3c")
			.run((context) -> {
				agree(List.of("W3C"), List.of("B3_MULTI", "W3C"), false).accept(context);
				assertThat(propagationSettings(context)).containsEntry("exportEnabled", false);
			});
	}

	@Test
	void endpointBindsTheFormatsLikeSpringBootWhereItsTracingIsNotConfigured() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class,
					TraceContextEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=tracecontext",
					"management.tracing.propagation.consume=b3-multi,w3c")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TracingProperties.class);
				assertThat(propagationSettings(context)).containsEntry("produce", List.of("W3C"))
					.containsEntry("consume", List.of("B3_MULTI", "W3C"));
			});
	}

	private static ContextConsumer<AssertableApplicationContext> agree(List<String> produced, List<String> consumed,
			boolean readsW3c) {
		return (context) -> {
			assertThat(context).hasNotFailed();
			Map<String, Object> propagation = propagationSettings(context);
			assertThat(propagation).containsEntry("produce", produced).containsEntry("consume", consumed);
			PropagationCounters counters = context.getBean(PropagationCounters.class);
			context.getBean(ContextPropagators.class)
				.getTextMapPropagator()
				.extract(Context.root(), Map.of("traceparent", TRACEPARENT), MapGetter.INSTANCE);
			assertThat(counters.requests(RequestOutcome.CONTINUED)).as("strict W3C reading")
				.isEqualTo(readsW3c ? 1 : 0);
		};
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> propagationSettings(AssertableApplicationContext context) {
		return (Map<String, Object>) context.getBean(TraceContextEndpoint.class)
			.traceContext()
			.settings()
			.get("propagation");
	}

	private enum MapGetter implements TextMapGetter<Map<String, String>> {

		INSTANCE;

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
			return (carrier != null) ? carrier.get(key) : null;
		}

	}

}
