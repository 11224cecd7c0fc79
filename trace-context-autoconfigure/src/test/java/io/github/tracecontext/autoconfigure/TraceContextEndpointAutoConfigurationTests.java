package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.propagation.RequestOutcome;
import java.util.Map;

import io.github.tracecontext.actuate.TraceContextDescriptor;
import io.github.tracecontext.actuate.TraceContextEndpoint;
import io.github.tracecontext.w3c.IncomingTraceparent.Outcome;
import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.logging.LogCoverage;
import io.github.tracecontext.stats.InstrumentedComponents.Component;
import io.github.tracecontext.stats.PropagationCounters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryEventPublisherBeansApplicationListener;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/**
 * Tests for {@link TraceContextEndpointAutoConfiguration}.
 */
class TraceContextEndpointAutoConfigurationTests {

	private static final String EXPOSE = "management.endpoints.web.exposure.include=tracecontext";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TraceContextAutoConfiguration.class, TraceContextEndpointAutoConfiguration.class));

	@BeforeAll
	static void addContextStorageWrapper() {
		OpenTelemetryEventPublisherBeansApplicationListener.addWrapper();
	}

	@Test
	void endpointIsPresentWhenExposed() {
		this.contextRunner.withPropertyValues(EXPOSE).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(TraceContextEndpoint.class);
		});
	}

	@Test
	void endpointIsPresentWhenAllEndpointsAreExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(context).hasSingleBean(TraceContextEndpoint.class));
	}

	@Test
	void endpointIsAbsentWhenNotExposed() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(TraceContextEndpoint.class);
		});
	}

	@Test
	void endpointIsAbsentWhenExcludedFromExposure() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=*",
					"management.endpoints.web.exposure.exclude=tracecontext")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceContextEndpoint.class));
	}

	@Test
	void endpointIsAbsentWhenAccessIsNone() {
		this.contextRunner.withPropertyValues(EXPOSE, "management.endpoint.tracecontext.access=none")
			// as in SpringApplication, so that 'none' converts to Access.NONE
			.withInitializer(
					(context) -> context.getEnvironment().setConversionService(new ApplicationConversionService()))
			.run((context) -> assertThat(context).doesNotHaveBean(TraceContextEndpoint.class));
	}

	@Test
	void endpointIsAbsentWhenDisabledWithDeprecatedEnabledProperty() {
		this.contextRunner.withPropertyValues(EXPOSE, "management.endpoint.tracecontext.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceContextEndpoint.class));
	}

	@Test
	void endpointIsAbsentWithoutActuator() {
		this.contextRunner.withPropertyValues(EXPOSE)
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TraceContextEndpoint.class);
			});
	}

	@Test
	void endpointIsAbsentWhenStarterIsDisabled() {
		this.contextRunner.withPropertyValues(EXPOSE, "trace-context.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(TraceContextEndpoint.class);
		});
	}

	@Test
	void backsOffForUserDefinedEndpoint() {
		this.contextRunner.withPropertyValues(EXPOSE)
			.withBean("userEndpoint", TraceContextEndpoint.class,
					() -> new TraceContextEndpoint(Map.of(), Map.of(), new PropagationCounters(),
							new InstrumentedComponents(), new LogCoverage(), new StandardEnvironment()))
			.run((context) -> {
				assertThat(context).hasSingleBean(TraceContextEndpoint.class);
				assertThat(context).hasBean("userEndpoint").doesNotHaveBean("traceContextEndpoint");
			});
	}

	@Test
	void reportsMdcKeysAndInactiveIntegrationsWhenOnlyTheCoreIsPresent() {
		this.contextRunner
			.withPropertyValues(EXPOSE, "trace-context.mdc.trace-id-key=myTrace",
					"trace-context.mdc.span-id-key=mySpan")
			.run((context) -> {
				TraceContextDescriptor descriptor = context.getBean(TraceContextEndpoint.class).traceContext();
				assertThat(descriptor.settings()).extractingByKey("mdc", MAP)
					.containsExactlyInAnyOrderEntriesOf(Map.of("traceIdKey", "myTrace", "spanIdKey", "mySpan"));
				assertThat(descriptor.integrations()).containsExactly(Map.entry("servlet", false),
						Map.entry("webflux", false), Map.entry("restTemplate", false), Map.entry("restClient", false),
						Map.entry("webClient", false), Map.entry("async", false), Map.entry("mdc", false));
				assertThat(descriptor.settings()).extractingByKey("web", MAP)
					.extractingByKey("excludedPaths", LIST)
					.isEmpty();
			});
	}

	@Test
	void reportsDefaultMdcKeys() {
		this.contextRunner.withPropertyValues(EXPOSE)
			.run((context) -> assertThat(mdcSettings(context))
				.containsExactlyInAnyOrderEntriesOf(Map.of("traceIdKey", "traceId", "spanIdKey", "spanId")));
	}

	@Test
	void reportsSpringBootsMdcKeysWhenTheStartersAreNotSet() {
		this.contextRunner
			.withPropertyValues(EXPOSE, "management.tracing.mdc.trace-id-key=bootTrace",
					"management.tracing.mdc.span-id-key=bootSpan")
			.run((context) -> assertThat(mdcSettings(context))
				.containsExactlyInAnyOrderEntriesOf(Map.of("traceIdKey", "bootTrace", "spanIdKey", "bootSpan")));
	}

	@Test
	void reportsStartersMdcKeysOverSpringBoots() {
		this.contextRunner
			.withPropertyValues(EXPOSE, "trace-context.mdc.trace-id-key=myTrace",
					"management.tracing.mdc.trace-id-key=bootTrace", "management.tracing.mdc.span-id-key=bootSpan")
			.run((context) -> assertThat(mdcSettings(context))
				.containsExactlyInAnyOrderEntriesOf(Map.of("traceIdKey", "myTrace", "spanIdKey", "bootSpan")));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> mdcSettings(AssertableApplicationContext context) {
		return (Map<String, Object>) context.getBean(TraceContextEndpoint.class).traceContext().settings().get("mdc");
	}

	@Test
	void reportsActiveIntegrationsAndInstrumentedClients() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, TraceContextLoggingAutoConfiguration.class,
					TraceContextOutgoingCallsAutoConfiguration.class, TraceContextRestTemplateAutoConfiguration.class,
					TraceContextRestClientAutoConfiguration.class, TraceContextWebClientAutoConfiguration.class,
					TraceContextTaskAutoConfiguration.class))
			.withUserConfiguration(RestTemplateConfiguration.class)
			.withPropertyValues(EXPOSE, "spring.task.execution.propagate-context=true",
					"trace-context.mdc.trace-id-key=myTrace")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TraceContextDescriptor descriptor = context.getBean(TraceContextEndpoint.class).traceContext();
				assertThat(descriptor.integrations()).containsExactly(Map.entry("servlet", false),
						Map.entry("webflux", false), Map.entry("restTemplate", true), Map.entry("restClient", true),
						Map.entry("webClient", true), Map.entry("async", true), Map.entry("mdc", true));
				assertThat(descriptor.settings()).extractingByKey("mdc", MAP).containsEntry("traceIdKey", "myTrace");
				assertThat(descriptor.settings()).extractingByKey("async", MAP).containsEntry("propagateContext", true);
				assertThat(descriptor.instrumented().get("restTemplates")).containsExactly(
						new Component("rest-template", "plainRestTemplate", RestTemplate.class.getName(), "starter"));
				assertThat(descriptor.instrumented().get("restClients")).isEmpty();
			});
	}

	@Test
	void reportsMdcIntegrationInactiveWhenDisabled() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, TraceContextLoggingAutoConfiguration.class))
			.withPropertyValues(EXPOSE, "trace-context.mdc.enabled=false")
			.run((context) -> assertThat(context.getBean(TraceContextEndpoint.class).traceContext().integrations())
				.containsEntry("mdc", false));
	}

	@Test
	void reportsServletIntegrationAndExcludedPathsInWebApplication() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					NoopTracerAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
					TraceContextAutoConfiguration.class, TraceContextServletAutoConfiguration.class,
					WebMvcObservationAutoConfiguration.class, TraceContextEndpointAutoConfiguration.class))
			.withPropertyValues(EXPOSE, "trace-context.web.excluded-paths=/ping")
			.run((context) -> {
				TraceContextDescriptor descriptor = context.getBean(TraceContextEndpoint.class).traceContext();
				assertThat(descriptor.integrations()).containsEntry("servlet", true);
				assertThat(descriptor.settings()).extractingByKey("web", MAP)
					.extractingByKey("excludedPaths", LIST)
					.containsExactly("/ping", "/actuator/**");
			});
	}

	@Test
	void reportsCounters() {
		this.contextRunner.withPropertyValues(EXPOSE).run((context) -> {
			PropagationCounters counters = context.getBean(PropagationCounters.class);
			counters.request(RequestOutcome.CONTINUED, Outcome.ACCEPTED);
			counters.request(RequestOutcome.CONTINUED, Outcome.ACCEPTED);
			counters.request(RequestOutcome.STARTED, Outcome.ABSENT);
			counters.request(RequestOutcome.REJECTED, Outcome.ZERO_ID);
			counters.outgoing(true);
			counters.outgoing(false);
			counters.outgoing(false);
			TraceContextDescriptor.Counters reported = context.getBean(TraceContextEndpoint.class)
				.traceContext()
				.counters();
			assertThat(reported.incoming().continued()).isEqualTo(2);
			assertThat(reported.incoming().started()).isEqualTo(1);
			assertThat(reported.incoming().rejected()).isEqualTo(1);
			assertThat(reported.incoming().requests()).isEqualTo(4);
			assertThat(reported.incoming().rejectedByReason()).containsEntry("zero-id", 1L)
				.containsEntry("uppercase-hex", 0L)
				.doesNotContainKey(null);
			assertThat(reported.outgoing().propagated()).isEqualTo(1);
			assertThat(reported.outgoing().withoutContext()).isEqualTo(2);
		});
	}

	@Test
	void reportsWhereTheAsyncSettingComesFrom() {
		this.contextRunner.withPropertyValues(EXPOSE).run((context) -> {
			TraceContextDescriptor descriptor = context.getBean(TraceContextEndpoint.class).traceContext();
			assertThat(descriptor.settings()).extractingByKey("async", MAP)
				.containsEntry("propagateContext", false)
				.containsEntry("propagateContextSource", "spring-boot-default");
		});
	}

	@Test
	void reportsReactorContextPropagationAsLimitedWhenUnset() {
		this.contextRunner.withPropertyValues(EXPOSE).run((context) -> {
			TraceContextDescriptor descriptor = context.getBean(TraceContextEndpoint.class).traceContext();
			assertThat(descriptor.settings()).extractingByKey("reactive", MAP)
				.containsExactly(Map.entry("contextPropagation", "limited"),
						Map.entry("contextPropagationSource", "spring-boot-default"));
		});
	}

	@Test
	void reportsReactorContextPropagationSetByTheApplication() {
		this.contextRunner.withPropertyValues(EXPOSE, "spring.reactor.context-propagation=auto").run((context) -> {
			TraceContextDescriptor descriptor = context.getBean(TraceContextEndpoint.class).traceContext();
			assertThat(descriptor.settings()).extractingByKey("reactive", MAP)
				.containsEntry("contextPropagation", "auto")
				.containsEntry("contextPropagationSource", "test");
		});
	}

	@Test
	void reportsReactorContextPropagationFromStarterDefaults() {
		this.contextRunner.withPropertyValues(EXPOSE)
			.withInitializer((context) -> new TraceContextDefaultsEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
			.run((context) -> {
				TraceContextDescriptor descriptor = context.getBean(TraceContextEndpoint.class).traceContext();
				assertThat(descriptor.settings()).extractingByKey("reactive", MAP)
					.containsEntry("contextPropagation", "auto")
					.containsEntry("contextPropagationSource",
							TraceContextDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
			});
	}

	@Test
	void reportsReactorContextPropagationOfTheApplicationOverStarterDefaults() {
		this.contextRunner.withPropertyValues(EXPOSE, "spring.reactor.context-propagation=limited")
			.withInitializer((context) -> new TraceContextDefaultsEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
			.run((context) -> {
				TraceContextDescriptor descriptor = context.getBean(TraceContextEndpoint.class).traceContext();
				assertThat(descriptor.settings()).extractingByKey("reactive", MAP)
					.containsEntry("contextPropagation", "limited")
					.containsEntry("contextPropagationSource", "test");
			});
	}

	@Test
	void reportsWebFluxIntegrationAndExcludedPathsInReactiveApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					NoopTracerAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
					TraceContextAutoConfiguration.class, TraceContextServletAutoConfiguration.class,
					TraceContextWebFluxAutoConfiguration.class, TraceContextEndpointAutoConfiguration.class))
			.withPropertyValues(EXPOSE, "trace-context.web.excluded-paths=/ping")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TraceContextDescriptor descriptor = context.getBean(TraceContextEndpoint.class).traceContext();
				assertThat(descriptor.integrations()).containsEntry("webflux", true).containsEntry("servlet", false);
				assertThat(descriptor.settings()).extractingByKey("web", MAP)
					.extractingByKey("excludedPaths", LIST)
					.containsExactly("/ping", "/actuator/**");
			});
	}

	@Test
	void reportsWebFluxIntegrationInactiveWhenSwitchedOff() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, TraceContextAutoConfiguration.class,
							TraceContextWebFluxAutoConfiguration.class, TraceContextEndpointAutoConfiguration.class))
			.withPropertyValues(EXPOSE, "trace-context.web.reactive.enabled=false")
			.run((context) -> {
				TraceContextDescriptor descriptor = context.getBean(TraceContextEndpoint.class).traceContext();
				assertThat(descriptor.integrations()).containsEntry("webflux", false);
				assertThat(descriptor.settings()).extractingByKey("web", MAP)
					.extractingByKey("excludedPaths", LIST)
					.isEmpty();
			});
	}

	@Test
	void reportsInstrumentedWebClients() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					WebClientAutoConfiguration.class, WebClientObservationAutoConfiguration.class,
					TraceContextOutgoingCallsAutoConfiguration.class, TraceContextWebClientAutoConfiguration.class))
			.withUserConfiguration(WebClientConfiguration.class)
			.withPropertyValues(EXPOSE)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TraceContextDescriptor descriptor = context.getBean(TraceContextEndpoint.class).traceContext();
				assertThat(descriptor.integrations()).containsEntry("webClient", true);
				String type = context.getBean("createdWebClient").getClass().getName();
				assertThat(descriptor.instrumented().get("webClients")).containsExactlyInAnyOrder(
						new Component("web-client", "createdWebClient", type, "starter"),
						new Component("web-client", "builderWebClient", type, "boot-builder"));
				assertThat(descriptor.instrumented().get("restTemplates")).isEmpty();
			});
	}

	@Test
	void reportsNoWebClientsWhenWebClientIntegrationIsSwitchedOff() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					WebClientAutoConfiguration.class, WebClientObservationAutoConfiguration.class,
					TraceContextOutgoingCallsAutoConfiguration.class, TraceContextWebClientAutoConfiguration.class))
			.withUserConfiguration(WebClientConfiguration.class)
			.withPropertyValues(EXPOSE, "trace-context.client.web-client.enabled=false")
			.run((context) -> {
				TraceContextDescriptor descriptor = context.getBean(TraceContextEndpoint.class).traceContext();
				assertThat(descriptor.integrations()).containsEntry("webClient", false);
				assertThat(descriptor.instrumented().get("webClients")).isEmpty();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class WebClientConfiguration {

		@Bean
		WebClient createdWebClient() {
			return WebClient.create();
		}

		@Bean
		WebClient builderWebClient(WebClient.Builder builder) {
			return builder.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RestTemplateConfiguration {

		@Bean
		RestTemplate plainRestTemplate() {
			return new RestTemplate();
		}

	}

}
