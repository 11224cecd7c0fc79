package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.actuate.RecentTracesDescriptor;
import io.github.tracecontext.actuate.TraceContextEndpoint;
import io.github.tracecontext.traces.RecentSpans;
import io.github.tracecontext.traces.RecentSpansProcessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryEventPublisherBeansApplicationListener;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceContextTracesAutoConfiguration}.
 */
class TraceContextTracesAutoConfigurationTests {

	private static final String EXPOSE = "management.endpoints.web.exposure.include=tracecontext";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class,
				TraceContextTracesAutoConfiguration.class, TraceContextEndpointAutoConfiguration.class));

	private final ApplicationContextRunner tracingContextRunner = this.contextRunner.withConfiguration(
			AutoConfigurations.of(ObservationAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class));

	@BeforeAll
	static void addContextStorageWrapper() {
		OpenTelemetryEventPublisherBeansApplicationListener.addWrapper();
	}

	@Test
	void keepsSpansWhenTheEndpointIsExposed() {
		this.contextRunner.withPropertyValues(EXPOSE).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(RecentSpans.class).hasBean("traceContextRecentSpans");
			assertThat(context).hasSingleBean(RecentSpansProcessor.class);
			RecentSpans.Recent recent = context.getBean(RecentSpans.class).recent();
			assertThat(recent.maxSpans()).isEqualTo(1000);
			assertThat(recent.maxBytes()).isEqualTo(1024 * 1024);
		});
	}

	@Test
	void keepsNothingWhenTheEndpointIsNotExposed() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(RecentSpans.class).doesNotHaveBean(RecentSpansProcessor.class);
		});
	}

	@Test
	void keepsNothingWhenDisabled() {
		this.contextRunner.withPropertyValues(EXPOSE, "trace-context.traces.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RecentSpans.class).doesNotHaveBean(RecentSpansProcessor.class);
			TraceContextEndpoint endpoint = context.getBean(TraceContextEndpoint.class);
			assertThat(endpoint.traces("traces")).isNull();
			assertThat(endpoint.trace("traces", "4bf92f3577b34da6a3ce929d0e0e4736")).isNull();
			assertThat(endpoint.traceContext()).isNotNull();
		});
	}

	@Test
	void keepsNothingWhenTheStarterIsDisabled() {
		this.contextRunner.withPropertyValues(EXPOSE, "trace-context.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RecentSpans.class));
	}

	@Test
	void keepsNothingWithoutTheOpenTelemetrySdk() {
		this.contextRunner.withPropertyValues(EXPOSE)
			.withClassLoader(new FilteredClassLoader(SdkTracerProvider.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(RecentSpans.class);
			});
	}

	@Test
	void bindsTheLimits() {
		this.contextRunner
			.withPropertyValues(EXPOSE, "trace-context.traces.max-spans=5", "trace-context.traces.max-bytes=10KB")
			.run((context) -> {
				RecentSpans.Recent recent = context.getBean(RecentSpans.class).recent();
				assertThat(recent.maxSpans()).isEqualTo(5);
				assertThat(recent.maxBytes()).isEqualTo(10 * 1024);
			});
	}

	@Test
	void backsOffForUserDefinedStore() {
		RecentSpans own = new RecentSpans(3, 3000);
		this.contextRunner.withPropertyValues(EXPOSE)
			.withBean("userRecentSpans", RecentSpans.class, () -> own)
			.run((context) -> {
				assertThat(context).hasSingleBean(RecentSpans.class).hasBean("userRecentSpans");
				assertThat(context.getBean(TraceContextEndpoint.class).traces("traces").maxSpans()).isEqualTo(3);
			});
	}

	@Test
	void springBootAddsTheProcessorBesideItsExportingOneAndSpansReachTheEndpoint() {
		this.tracingContextRunner
			.withPropertyValues(EXPOSE, "spring.application.name=orders", "management.tracing.sampling.probability=1.0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SpanProcessors.class).list())
					.contains(context.getBean(RecentSpansProcessor.class))
					.hasAtLeastOneElementOfType(BatchSpanProcessor.class);
				String traceId = endOneSpan(context.getBean(Tracer.class));
				TraceContextEndpoint endpoint = context.getBean(TraceContextEndpoint.class);
				RecentTracesDescriptor traces = endpoint.traces("traces");
				assertThat(traces.traces()).singleElement().satisfies((trace) -> {
					assertThat(trace.traceId()).isEqualTo(traceId);
					assertThat(trace.rootName()).isEqualTo("checkout");
					assertThat(trace.rootService()).isEqualTo("orders");
				});
				assertThat(endpoint.trace("traces", traceId).spans()).singleElement()
					.satisfies((span) -> assertThat(span.name()).isEqualTo("checkout"));
				assertThat(endpoint.trace("traces", "0af7651916cd43dd8448eb211c80319c")).isNull();
				assertThat(endpoint.traces("other")).isNull();
			});
	}

	@Test
	void keepsSpansWhenExportIsOff() {
		this.tracingContextRunner
			.withPropertyValues(EXPOSE, "management.tracing.export.enabled=false",
					"management.tracing.sampling.probability=1.0")
			.run((context) -> {
				String traceId = endOneSpan(context.getBean(Tracer.class));
				assertThat(context.getBean(RecentSpans.class).trace(traceId)).isNotNull();
			});
	}

	private static String endOneSpan(Tracer tracer) {
		Span span = tracer.spanBuilder("checkout").startSpan();
		span.end();
		return span.getSpanContext().getTraceId();
	}

}
