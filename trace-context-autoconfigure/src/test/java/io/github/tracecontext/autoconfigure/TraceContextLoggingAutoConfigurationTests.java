package io.github.tracecontext.autoconfigure;

import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryEventPublisherBeansApplicationListener;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceContextLoggingAutoConfiguration}, next to Spring Boot's
 * OpenTelemetry tracing auto-configuration.
 */
class TraceContextLoggingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TraceContextAutoConfiguration.class, TraceContextLoggingAutoConfiguration.class,
						ObservationAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
						OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
		// What SpringApplication does through spring.factories: route OpenTelemetry scope
		// changes to the context's EventPublisher, and so to the Slf4JEventListener
		.withInitializer(
				(context) -> context.addApplicationListener(new OpenTelemetryEventPublisherBeansApplicationListener()));

	@BeforeAll
	static void addContextStorageWrapper() {
		OpenTelemetryEventPublisherBeansApplicationListener.addWrapper();
	}

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void providesTheOnlySlf4JEventListener() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(Slf4JEventListener.class);
			assertThat(context).hasBean("otelSlf4JEventListener");
			assertThat(definingClass(context, "otelSlf4JEventListener"))
				.isEqualTo(TraceContextLoggingAutoConfiguration.class.getName());
		});
	}

	@Test
	void defaultKeysAreTheOnesSpringBootUses() {
		this.contextRunner.run(inSpan((context, span) -> {
			assertThat(MDC.get("traceId")).isEqualTo(span.getSpanContext().getTraceId());
			assertThat(MDC.get("spanId")).isEqualTo(span.getSpanContext().getSpanId());
		}));
	}

	@Test
	void customKeysAreUsedInsteadOfSpringBootOnes() {
		this.contextRunner
			.withPropertyValues("trace-context.mdc.trace-id-key=myTrace", "trace-context.mdc.span-id-key=mySpan")
			.run(inSpan((context, span) -> {
				assertThat(context).hasSingleBean(Slf4JEventListener.class);
				assertThat(MDC.get("myTrace")).isEqualTo(span.getSpanContext().getTraceId());
				assertThat(MDC.get("mySpan")).isEqualTo(span.getSpanContext().getSpanId());
				assertThat(MDC.get("traceId")).isNull();
				assertThat(MDC.get("spanId")).isNull();
			}));
	}

	@Test
	void springBootsMdcKeysApplyWhenTheStartersAreNotSet() {
		this.contextRunner
			.withPropertyValues("management.tracing.mdc.trace-id-key=bootTrace",
					"management.tracing.mdc.span-id-key=bootSpan")
			.run(inSpan((context, span) -> {
				assertThat(MDC.get("bootTrace")).isEqualTo(span.getSpanContext().getTraceId());
				assertThat(MDC.get("bootSpan")).isEqualTo(span.getSpanContext().getSpanId());
				assertThat(MDC.get("traceId")).isNull();
				assertThat(MDC.get("spanId")).isNull();
			}));
	}

	@Test
	void springBootsMdcKeyAppliesToItsOwnIdOnly() {
		this.contextRunner.withPropertyValues("management.tracing.mdc.span-id-key=bootSpan")
			.run(inSpan((context, span) -> {
				assertThat(MDC.get("traceId")).isEqualTo(span.getSpanContext().getTraceId());
				assertThat(MDC.get("bootSpan")).isEqualTo(span.getSpanContext().getSpanId());
				assertThat(MDC.get("spanId")).isNull();
			}));
	}

	@Test
	void startersMdcKeysWinOverSpringBootOnes() {
		this.contextRunner
			.withPropertyValues("trace-context.mdc.trace-id-key=myTrace", "trace-context.mdc.span-id-key=mySpan",
					"management.tracing.mdc.trace-id-key=bootTrace", "management.tracing.mdc.span-id-key=bootSpan")
			.run(inSpan((context, span) -> {
				assertThat(MDC.get("myTrace")).isEqualTo(span.getSpanContext().getTraceId());
				assertThat(MDC.get("mySpan")).isEqualTo(span.getSpanContext().getSpanId());
				assertThat(MDC.get("bootTrace")).isNull();
				assertThat(MDC.get("bootSpan")).isNull();
			}));
	}

	@Test
	void startersMdcKeySetToItsDefaultStillWinsOverSpringBoots() {
		this.contextRunner
			.withPropertyValues("trace-context.mdc.trace-id-key=traceId",
					"management.tracing.mdc.trace-id-key=bootTrace")
			.run(inSpan((context, span) -> {
				assertThat(MDC.get("traceId")).isEqualTo(span.getSpanContext().getTraceId());
				assertThat(MDC.get("bootTrace")).isNull();
			}));
	}

	@Test
	void blankSpringBootMdcKeyIsIgnored() {
		this.contextRunner.withPropertyValues("management.tracing.mdc.trace-id-key=")
			.run(inSpan(
					(context, span) -> assertThat(MDC.get("traceId")).isEqualTo(span.getSpanContext().getTraceId())));
	}

	@Test
	void customKeysLeaveTheMdcWhenTheScopeCloses() {
		this.contextRunner.withPropertyValues("trace-context.mdc.trace-id-key=myTrace").run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			Span span = tracer.spanBuilder("test").startSpan();
			try (Scope scope = span.makeCurrent()) {
				assertThat(MDC.get("myTrace")).isNotNull();
			}
			finally {
				span.end();
			}
			assertThat(MDC.get("myTrace")).isNull();
		});
	}

	@Test
	void springBootListenerAppliesWhenMdcIntegrationIsDisabled() {
		this.contextRunner
			.withPropertyValues("trace-context.mdc.enabled=false", "trace-context.mdc.trace-id-key=myTrace")
			.run(inSpan((context, span) -> {
				assertThat(context).hasSingleBean(Slf4JEventListener.class);
				assertThat(definingClass(context, "otelSlf4JEventListener"))
					.isEqualTo(OpenTelemetryTracingAutoConfiguration.class.getName());
				assertThat(MDC.get("traceId")).isEqualTo(span.getSpanContext().getTraceId());
				assertThat(MDC.get("myTrace")).isNull();
			}));
	}

	@Test
	void springBootListenerAppliesWhenStarterIsDisabled() {
		this.contextRunner.withPropertyValues("trace-context.enabled=false", "trace-context.mdc.trace-id-key=myTrace")
			.run(inSpan((context, span) -> {
				assertThat(context).hasSingleBean(Slf4JEventListener.class);
				assertThat(definingClass(context, "otelSlf4JEventListener"))
					.isEqualTo(OpenTelemetryTracingAutoConfiguration.class.getName());
				assertThat(MDC.get("traceId")).isEqualTo(span.getSpanContext().getTraceId());
				assertThat(MDC.get("myTrace")).isNull();
			}));
	}

	@Test
	void userDefinedListenerWins() {
		this.contextRunner.withUserConfiguration(UserListenerConfiguration.class)
			.withPropertyValues("trace-context.mdc.trace-id-key=myTrace")
			.run(inSpan((context, span) -> {
				assertThat(context).hasSingleBean(Slf4JEventListener.class);
				assertThat(context).hasBean("userSlf4JEventListener").doesNotHaveBean("otelSlf4JEventListener");
				assertThat(MDC.get("userTrace")).isEqualTo(span.getSpanContext().getTraceId());
				assertThat(MDC.get("myTrace")).isNull();
				assertThat(MDC.get("traceId")).isNull();
			}));
	}

	@Test
	void backsOffWithoutSpringBootOpenTelemetryTracing() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class,
					TraceContextLoggingAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(OpenTelemetryTracingAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(Slf4JEventListener.class);
			});
	}

	@Test
	void backsOffWithoutMicrometerOpenTelemetryBridge() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class,
					TraceContextLoggingAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(Slf4JEventListener.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(Slf4JEventListener.class);
			});
	}

	@Test
	void providesListenerWithoutSpringBootOpenTelemetryTracingInTheContext() {
		// sanity check for the two tests above: the same runner without a filter does
		// create it
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class,
					TraceContextLoggingAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(Slf4JEventListener.class));
	}

	private static String definingClass(AssertableApplicationContext context, String beanName) {
		AbstractBeanDefinition definition = (AbstractBeanDefinition) context.getBeanFactory()
			.getBeanDefinition(beanName);
		return definition.getFactoryBeanName();
	}

	private static org.springframework.boot.test.context.runner.ContextConsumer<AssertableApplicationContext> inSpan(
			SpanAssertions assertions) {
		return (context) -> {
			assertThat(context).hasNotFailed();
			Tracer tracer = context.getBean(Tracer.class);
			Span span = tracer.spanBuilder("test").startSpan();
			try (Scope scope = span.makeCurrent()) {
				assertions.accept(context, span);
			}
			finally {
				span.end();
			}
		};
	}

	@FunctionalInterface
	interface SpanAssertions {

		void accept(AssertableApplicationContext context, Span span) throws Throwable;

	}

	@Configuration(proxyBeanMethods = false)
	static class UserListenerConfiguration {

		@Bean
		Slf4JEventListener userSlf4JEventListener() {
			return new Slf4JEventListener("userTrace", "userSpan");
		}

	}

}
