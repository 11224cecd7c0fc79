package io.github.tracecontext.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.github.tracecontext.client.PropagationCountingInterceptor;
import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.stats.InstrumentedComponents.Component;
import io.github.tracecontext.stats.PropagationCounters;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryEventPublisherBeansApplicationListener;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link TraceContextRestTemplateAutoConfiguration}, next to Spring Boot's
 * {@link RestTemplateAutoConfiguration} and
 * {@link RestTemplateObservationAutoConfiguration}.
 */
class TraceContextRestTemplateAutoConfigurationTests {

	/**
	 * The {@code RestClient} integration, to show that the two are independent.
	 */
	private static final AutoConfigurations REST_CLIENT = AutoConfigurations.of(RestClientAutoConfiguration.class,
			RestClientObservationAutoConfiguration.class, TraceContextRestClientAutoConfiguration.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				RestTemplateAutoConfiguration.class, RestTemplateObservationAutoConfiguration.class))
		.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class,
				TraceContextOutgoingCallsAutoConfiguration.class, TraceContextRestTemplateAutoConfiguration.class))
		.withUserConfiguration(RecordingClientConfiguration.class);

	@BeforeAll
	static void addContextStorageWrapper() {
		OpenTelemetryEventPublisherBeansApplicationListener.addWrapper();
	}

	@Test
	void restTemplateMadeWithNewGetsObservationAndCountingInterceptor() {
		this.contextRunner.withUserConfiguration(PlainRestTemplateConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			RestTemplate restTemplate = context.getBean("plainRestTemplate", RestTemplate.class);
			assertThat(restTemplate.getObservationRegistry().isNoop()).isFalse();
			assertThat(restTemplate.getObservationRegistry()).isSameAs(context.getBean(ObservationRegistry.class));
			assertThat(countingInterceptors(restTemplate.getInterceptors())).hasSize(1);
			assertThat(restTemplate.getInterceptors()).contains(context.getBean(PropagationCountingInterceptor.class));
			assertThat(context.getBean(InstrumentedComponents.class).ofKind("rest-template")).containsExactly(
					new Component("rest-template", "plainRestTemplate", RestTemplate.class.getName(), "starter"));
		});
	}

	@Test
	void restTemplateMadeWithNewIsObservedAndCounted() {
		this.contextRunner.withUserConfiguration(PlainRestTemplateConfiguration.class).run((context) -> {
			RecordingRequestFactory requests = new RecordingRequestFactory();
			RestTemplate restTemplate = context.getBean("plainRestTemplate", RestTemplate.class);
			restTemplate.setRequestFactory(requests);
			restTemplate.getForEntity("http://example.com/orders", Void.class);
			assertThat(requests.requests).hasSize(1);
			assertThat(clientObservations(context)).singleElement()
				.satisfies((observation) -> assertThat(observation.getCarrier().getURI())
					.isEqualTo(URI.create("http://example.com/orders")));
			// without a tracer nothing is propagated
			PropagationCounters counters = context.getBean(PropagationCounters.class);
			assertThat(counters.outgoingWithoutContext()).isEqualTo(1);
			assertThat(counters.outgoingPropagated()).isZero();
		});
	}

	@Test
	void restTemplateFromBootBuilderKeepsOneCountingInterceptor() {
		this.contextRunner.withUserConfiguration(BootBuilderRestTemplateConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			RestTemplate restTemplate = context.getBean("builderRestTemplate", RestTemplate.class);
			assertThat(countingInterceptors(restTemplate.getInterceptors())).hasSize(1);
			assertThat(restTemplate.getObservationRegistry()).isSameAs(context.getBean(ObservationRegistry.class));
			assertThat(context.getBean(InstrumentedComponents.class).ofKind("rest-template"))
				.containsExactly(new Component("rest-template", "builderRestTemplate", RestTemplate.class.getName(),
						"boot-builder"));
		});
	}

	@Test
	void restTemplateFromBootBuilderCountsEachCallOnce() {
		this.contextRunner.withUserConfiguration(BootBuilderRestTemplateConfiguration.class).run((context) -> {
			RestTemplate restTemplate = context.getBean("builderRestTemplate", RestTemplate.class);
			restTemplate.setRequestFactory(new RecordingRequestFactory());
			restTemplate.getForEntity("http://example.com/orders", Void.class);
			assertThat(clientObservations(context)).hasSize(1);
			assertThat(context.getBean(PropagationCounters.class).outgoingWithoutContext()).isEqualTo(1);
		});
	}

	@Test
	void reportsHowEachRestTemplateIsInstrumented() {
		this.contextRunner
			.withUserConfiguration(PlainRestTemplateConfiguration.class, BootBuilderRestTemplateConfiguration.class,
					PreconfiguredRestTemplateConfiguration.class)
			.run((context) -> assertThat(context.getBean(InstrumentedComponents.class).ofKind("rest-template"))
				.extracting(Component::bean, Component::instrumentation)
				.containsExactlyInAnyOrder(tuple("plainRestTemplate", "starter"),
						tuple("builderRestTemplate", "boot-builder"),
						tuple("preconfiguredRestTemplate", "preconfigured")));
	}

	@Test
	void restTemplateWithItsOwnRegistryKeepsIt() {
		this.contextRunner.withUserConfiguration(PreconfiguredRestTemplateConfiguration.class).run((context) -> {
			RestTemplate restTemplate = context.getBean("preconfiguredRestTemplate", RestTemplate.class);
			assertThat(restTemplate.getObservationRegistry()).isSameAs(PreconfiguredRestTemplateConfiguration.REGISTRY)
				.isNotSameAs(context.getBean(ObservationRegistry.class));
			assertThat(countingInterceptors(restTemplate.getInterceptors())).hasSize(1);
		});
	}

	@Test
	void outgoingCallsCarryTraceHeadersWithOpenTelemetry() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
			.withInitializer((context) -> context
				.addApplicationListener(new OpenTelemetryEventPublisherBeansApplicationListener()))
			.withUserConfiguration(PlainRestTemplateConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RecordingRequestFactory requests = context.getBean(RecordingRequestFactory.class);
				RestTemplate restTemplate = context.getBean("plainRestTemplate", RestTemplate.class);
				restTemplate.setRequestFactory(requests);
				restTemplate.getForEntity("http://example.com/template", Void.class);
				requests.sentOneTracedCall(context.getBean(PropagationCounters.class));
			});
	}

	@Test
	void restTemplateIntegrationCanBeSwitchedOff() {
		this.contextRunner.withConfiguration(REST_CLIENT)
			.withUserConfiguration(PlainRestTemplateConfiguration.class, BootBuilderRestTemplateConfiguration.class,
					RestClientConfiguration.class)
			.withPropertyValues("trace-context.client.rest-template.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("traceContextRestTemplatePostProcessor");
				assertThat(context).doesNotHaveBean("traceContextRestTemplateCustomizer");
				RestTemplate plain = context.getBean("plainRestTemplate", RestTemplate.class);
				assertThat(plain.getObservationRegistry().isNoop()).isTrue();
				assertThat(countingInterceptors(plain.getInterceptors())).isEmpty();
				RestTemplate fromBuilder = context.getBean("builderRestTemplate", RestTemplate.class);
				assertThat(countingInterceptors(fromBuilder.getInterceptors())).isEmpty();
				assertThat(context.getBean(InstrumentedComponents.class).ofKind("rest-template")).isEmpty();
				// the RestClient integration is unaffected
				hasRestClientIntegration(context);
			});
	}

	@Test
	void absentWithoutRestTemplate() {
		this.contextRunner.withConfiguration(REST_CLIENT)
			.withUserConfiguration(PlainRestTemplateConfiguration.class, RestClientConfiguration.class)
			.withClassLoader(new FilteredClassLoader(RestTemplate.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("traceContextRestTemplatePostProcessor");
				assertThat(context).doesNotHaveBean("traceContextRestTemplateCustomizer");
				RestTemplate plain = context.getBean("plainRestTemplate", RestTemplate.class);
				assertThat(plain.getObservationRegistry().isNoop()).isTrue();
				assertThat(plain.getInterceptors()).isEmpty();
				assertThat(context.getBean(InstrumentedComponents.class).ofKind("rest-template")).isEmpty();
				// the RestClient integration works on its own
				hasRestClientIntegration(context);
			});
	}

	@Test
	void doesNothingWhenStarterIsDisabled() {
		this.contextRunner.withUserConfiguration(PlainRestTemplateConfiguration.class)
			.withPropertyValues("trace-context.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(PropagationCountingInterceptor.class);
				assertThat(context).doesNotHaveBean("traceContextRestTemplatePostProcessor");
				RestTemplate plain = context.getBean("plainRestTemplate", RestTemplate.class);
				assertThat(plain.getObservationRegistry().isNoop()).isTrue();
				assertThat(plain.getInterceptors()).isEmpty();
			});
	}

	@Test
	void doesNothingWithoutObservationRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class,
					TraceContextOutgoingCallsAutoConfiguration.class, TraceContextRestTemplateAutoConfiguration.class))
			.withUserConfiguration(PlainRestTemplateConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(PropagationCountingInterceptor.class);
				assertThat(context).doesNotHaveBean("traceContextRestTemplatePostProcessor");
				assertThat(context.getBean("plainRestTemplate", RestTemplate.class).getInterceptors()).isEmpty();
			});
	}

	@Test
	void doesNothingWithoutSpringBootRestClientModule() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					TraceContextAutoConfiguration.class, TraceContextOutgoingCallsAutoConfiguration.class,
					TraceContextRestTemplateAutoConfiguration.class))
			.withUserConfiguration(RecordingClientConfiguration.class, PlainRestTemplateConfiguration.class)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.restclient"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(PropagationCounters.class);
				assertThat(context).doesNotHaveBean("traceContextRestTemplatePostProcessor");
				assertThat(context).doesNotHaveBean("traceContextRestTemplateCustomizer");
				RestTemplate plain = context.getBean("plainRestTemplate", RestTemplate.class);
				assertThat(plain.getObservationRegistry().isNoop()).isTrue();
				assertThat(plain.getInterceptors()).isEmpty();
			});
	}

	private static void hasRestClientIntegration(ApplicationContext context) {
		assertThat(context.containsBean("traceContextRestClientPostProcessor")).isTrue();
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>();
		context.getBean("builderRestClient", RestClient.class).mutate().requestInterceptors(interceptors::addAll);
		assertThat(countingInterceptors(interceptors)).hasSize(1);
		assertThat(context.getBean(InstrumentedComponents.class).ofKind("rest-client")).extracting(Component::bean)
			.containsExactly("builderRestClient");
	}

	private static List<ClientHttpRequestInterceptor> countingInterceptors(
			List<ClientHttpRequestInterceptor> interceptors) {
		return interceptors.stream().filter(PropagationCountingInterceptor.class::isInstance).toList();
	}

	private static List<ClientRequestObservationContext> clientObservations(ApplicationContext context) {
		return context.getBean(RecordingObservationHandler.class).contexts.stream()
			.filter(ClientRequestObservationContext.class::isInstance)
			.map(ClientRequestObservationContext.class::cast)
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class PlainRestTemplateConfiguration {

		@Bean
		RestTemplate plainRestTemplate() {
			return new RestTemplate();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PreconfiguredRestTemplateConfiguration {

		static final ObservationRegistry REGISTRY = ObservationRegistry.create();

		static {
			REGISTRY.observationConfig().observationHandler((context) -> true);
		}

		@Bean
		RestTemplate preconfiguredRestTemplate() {
			RestTemplate restTemplate = new RestTemplate();
			restTemplate.setObservationRegistry(REGISTRY);
			return restTemplate;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BootBuilderRestTemplateConfiguration {

		@Bean
		RestTemplate builderRestTemplate(RestTemplateBuilder builder) {
			return builder.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RestClientConfiguration {

		@Bean
		RestClient builderRestClient(RestClient.Builder builder, RecordingRequestFactory requestFactory) {
			return builder.requestFactory(requestFactory).build();
		}

	}

}
