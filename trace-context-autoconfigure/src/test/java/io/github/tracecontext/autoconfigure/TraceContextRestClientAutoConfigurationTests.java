package io.github.tracecontext.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.github.tracecontext.client.PropagationCountingInterceptor;
import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.stats.InstrumentedComponents.Component;
import io.github.tracecontext.stats.PropagationCounters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryEventPublisherBeansApplicationListener;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
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
 * Tests for {@link TraceContextRestClientAutoConfiguration}, next to Spring Boot's
 * {@link RestClientAutoConfiguration} and {@link RestClientObservationAutoConfiguration}.
 */
class TraceContextRestClientAutoConfigurationTests {

	/**
	 * The {@code RestTemplate} integration, to show that the two are independent.
	 */
	private static final AutoConfigurations REST_TEMPLATE = AutoConfigurations.of(RestTemplateAutoConfiguration.class,
			RestTemplateObservationAutoConfiguration.class, TraceContextRestTemplateAutoConfiguration.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, RestClientAutoConfiguration.class,
				RestClientObservationAutoConfiguration.class))
		.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class,
				TraceContextOutgoingCallsAutoConfiguration.class, TraceContextRestClientAutoConfiguration.class))
		.withUserConfiguration(RecordingClientConfiguration.class);

	@BeforeAll
	static void addContextStorageWrapper() {
		OpenTelemetryEventPublisherBeansApplicationListener.addWrapper();
	}

	@Test
	void restClientMadeWithCreateGetsCountingInterceptor() {
		this.contextRunner.withUserConfiguration(PlainRestClientConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			RestClient restClient = context.getBean("createdRestClient", RestClient.class);
			assertThat(countingInterceptors(interceptors(restClient))).hasSize(1);
			assertThat(context.getBean(InstrumentedComponents.class).ofKind("rest-client"))
				.extracting(Component::bean, Component::instrumentation)
				.contains(tuple("createdRestClient", "starter"));
		});
	}

	@Test
	void restClientMadeWithPlainBuilderIsObservedAndCounted() {
		this.contextRunner.withUserConfiguration(PlainRestClientConfiguration.class).run((context) -> {
			RestClient restClient = context.getBean("builtRestClient", RestClient.class);
			restClient.get().uri("http://example.com/orders").retrieve().toBodilessEntity();
			RecordingRequestFactory requests = context.getBean(RecordingRequestFactory.class);
			assertThat(requests.requests).hasSize(1);
			assertThat(clientObservations(context)).singleElement()
				.satisfies((observation) -> assertThat(observation.getCarrier().getURI())
					.isEqualTo(URI.create("http://example.com/orders")));
			assertThat(context.getBean(PropagationCounters.class).outgoingWithoutContext()).isEqualTo(1);
		});
	}

	@Test
	void restClientFromBootBuilderKeepsOneCountingInterceptor() {
		this.contextRunner.withUserConfiguration(BootBuilderRestClientConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			RestClient restClient = context.getBean("builderRestClient", RestClient.class);
			assertThat(countingInterceptors(interceptors(restClient))).hasSize(1);
			assertThat(context.getBean(InstrumentedComponents.class).ofKind("rest-client")).containsExactly(
					new Component("rest-client", "builderRestClient", restClient.getClass().getName(), "boot-builder"));
			restClient.get().uri("http://example.com/orders").retrieve().toBodilessEntity();
			assertThat(clientObservations(context)).hasSize(1);
			assertThat(context.getBean(PropagationCounters.class).outgoingWithoutContext()).isEqualTo(1);
		});
	}

	@Test
	void outgoingCallsCarryTraceHeadersWithOpenTelemetry() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
			.withInitializer((context) -> context
				.addApplicationListener(new OpenTelemetryEventPublisherBeansApplicationListener()))
			.withUserConfiguration(PlainRestClientConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean("builtRestClient", RestClient.class)
					.get()
					.uri("http://example.com/client")
					.retrieve()
					.toBodilessEntity();
				context.getBean(RecordingRequestFactory.class)
					.sentOneTracedCall(context.getBean(PropagationCounters.class));
			});
	}

	@Test
	void restClientIntegrationCanBeSwitchedOff() {
		this.contextRunner.withConfiguration(REST_TEMPLATE)
			.withUserConfiguration(PlainRestClientConfiguration.class, BootBuilderRestClientConfiguration.class,
					RestTemplateConfiguration.class)
			.withPropertyValues("trace-context.client.rest-client.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("traceContextRestClientPostProcessor");
				assertThat(context).doesNotHaveBean("traceContextRestClientCustomizer");
				assertThat(countingInterceptors(interceptors(context.getBean("createdRestClient", RestClient.class))))
					.isEmpty();
				assertThat(countingInterceptors(interceptors(context.getBean("builderRestClient", RestClient.class))))
					.isEmpty();
				assertThat(context.getBean(InstrumentedComponents.class).ofKind("rest-client")).isEmpty();
				// the RestTemplate integration is unaffected
				hasRestTemplateIntegration(context);
			});
	}

	@Test
	void absentWithoutRestClient() {
		this.contextRunner.withConfiguration(REST_TEMPLATE)
			.withUserConfiguration(PlainRestClientConfiguration.class, RestTemplateConfiguration.class)
			.withClassLoader(new FilteredClassLoader(RestClient.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("traceContextRestClientPostProcessor");
				assertThat(context).doesNotHaveBean("traceContextRestClientCustomizer");
				assertThat(interceptors(context.getBean("createdRestClient", RestClient.class))).isEmpty();
				assertThat(context.getBean(InstrumentedComponents.class).ofKind("rest-client")).isEmpty();
				// the RestTemplate integration works on its own
				hasRestTemplateIntegration(context);
			});
	}

	@Test
	void doesNothingWhenStarterIsDisabled() {
		this.contextRunner.withUserConfiguration(PlainRestClientConfiguration.class)
			.withPropertyValues("trace-context.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(PropagationCountingInterceptor.class);
				assertThat(context).doesNotHaveBean("traceContextRestClientPostProcessor");
				assertThat(interceptors(context.getBean("createdRestClient", RestClient.class))).isEmpty();
			});
	}

	@Test
	void doesNothingWithoutSpringBootRestClientModule() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					TraceContextAutoConfiguration.class, TraceContextOutgoingCallsAutoConfiguration.class,
					TraceContextRestClientAutoConfiguration.class))
			.withUserConfiguration(RecordingClientConfiguration.class, PlainRestClientConfiguration.class)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.restclient"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(PropagationCounters.class);
				assertThat(context).doesNotHaveBean("traceContextRestClientPostProcessor");
				assertThat(context).doesNotHaveBean("traceContextRestClientCustomizer");
				assertThat(interceptors(context.getBean("createdRestClient", RestClient.class))).isEmpty();
			});
	}

	@Test
	void doesNothingWithoutRestClientCustomizer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					TraceContextAutoConfiguration.class, TraceContextOutgoingCallsAutoConfiguration.class,
					TraceContextRestClientAutoConfiguration.class))
			.withUserConfiguration(RecordingClientConfiguration.class)
			.withClassLoader(new FilteredClassLoader(RestClientCustomizer.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("traceContextRestClientPostProcessor");
			});
	}

	private static void hasRestTemplateIntegration(ApplicationContext context) {
		assertThat(context.containsBean("traceContextRestTemplatePostProcessor")).isTrue();
		assertThat(countingInterceptors(context.getBean("builderRestTemplate", RestTemplate.class).getInterceptors()))
			.hasSize(1);
		assertThat(context.getBean(InstrumentedComponents.class).ofKind("rest-template")).extracting(Component::bean)
			.containsExactly("builderRestTemplate");
	}

	private static List<ClientHttpRequestInterceptor> countingInterceptors(
			List<ClientHttpRequestInterceptor> interceptors) {
		return interceptors.stream().filter(PropagationCountingInterceptor.class::isInstance).toList();
	}

	private static List<ClientHttpRequestInterceptor> interceptors(RestClient restClient) {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>();
		restClient.mutate().requestInterceptors(interceptors::addAll);
		return interceptors;
	}

	private static List<ClientRequestObservationContext> clientObservations(ApplicationContext context) {
		return context.getBean(RecordingObservationHandler.class).contexts.stream()
			.filter(ClientRequestObservationContext.class::isInstance)
			.map(ClientRequestObservationContext.class::cast)
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class PlainRestClientConfiguration {

		@Bean
		RestClient createdRestClient() {
			return RestClient.create();
		}

		@Bean
		RestClient builtRestClient(RecordingRequestFactory requestFactory) {
			return RestClient.builder().requestFactory(requestFactory).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BootBuilderRestClientConfiguration {

		@Bean
		RestClient builderRestClient(RestClient.Builder builder, RecordingRequestFactory requestFactory) {
			return builder.requestFactory(requestFactory).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RestTemplateConfiguration {

		@Bean
		RestTemplate builderRestTemplate(RestTemplateBuilder builder) {
			return builder.build();
		}

	}

}
