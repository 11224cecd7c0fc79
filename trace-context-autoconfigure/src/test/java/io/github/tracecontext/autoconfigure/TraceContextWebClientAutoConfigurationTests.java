package io.github.tracecontext.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.tracecontext.client.PropagationCountingFilter;
import io.github.tracecontext.client.PropagationCountingInterceptor;
import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.stats.InstrumentedComponents.Component;
import io.github.tracecontext.stats.PropagationCounters;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryEventPublisherBeansApplicationListener;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link TraceContextWebClientAutoConfiguration}, next to Spring Boot's
 * {@link WebClientAutoConfiguration} and {@link WebClientObservationAutoConfiguration}.
 */
class TraceContextWebClientAutoConfigurationTests {

	private static final String DEFAULT_WEB_CLIENT = "org.springframework.web.reactive.function.client.DefaultWebClient";

	/**
	 * The {@code RestTemplate} and {@code RestClient} integrations, to show that they are
	 * independent of this one.
	 */
	private static final AutoConfigurations REST_CLIENTS = AutoConfigurations
		.of(TraceContextRestTemplateAutoConfiguration.class, TraceContextRestClientAutoConfiguration.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, WebClientAutoConfiguration.class,
				WebClientObservationAutoConfiguration.class, TraceContextAutoConfiguration.class,
				TraceContextOutgoingCallsAutoConfiguration.class, TraceContextWebClientAutoConfiguration.class))
		.withUserConfiguration(RecordingObservationHandlerConfiguration.class);

	@BeforeAll
	static void addContextStorageWrapper() {
		OpenTelemetryEventPublisherBeansApplicationListener.addWrapper();
	}

	@Test
	void webClientMadeWithCreateIsReplacedByInstrumentedCopy() {
		this.contextRunner.withUserConfiguration(PlainWebClientConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			WebClient webClient = context.getBean("createdWebClient", WebClient.class);
			assertThat(webClient).isNotSameAs(context.getBean(PlainWebClientConfiguration.class).created);
			assertThat(countingFilters(webClient)).singleElement()
				.isSameAs(context.getBean(PropagationCountingFilter.class));
			// the original is left as it was
			assertThat(countingFilters(context.getBean(PlainWebClientConfiguration.class).created)).isEmpty();
		});
	}

	@Test
	void webClientMadeWithPlainBuilderIsReplacedByInstrumentedCopy() {
		this.contextRunner.withUserConfiguration(PlainWebClientConfiguration.class).run((context) -> {
			WebClient webClient = context.getBean("builtWebClient", WebClient.class);
			assertThat(webClient).isNotSameAs(context.getBean(PlainWebClientConfiguration.class).built);
			assertThat(countingFilters(webClient)).hasSize(1);
		});
	}

	@Test
	void webClientMadeWithPlainBuilderIsObservedAndCounted() {
		this.contextRunner.withUserConfiguration(PlainWebClientConfiguration.class).run((context) -> {
			RecordingExchangeFunction exchanges = context.getBean(PlainWebClientConfiguration.class).exchanges;
			context.getBean("builtWebClient", WebClient.class)
				.get()
				.uri("http://example.com/orders")
				.retrieve()
				.toBodilessEntity()
				.block();
			assertThat(exchanges.requests).singleElement()
				.satisfies((request) -> assertThat(request.url()).isEqualTo(URI.create("http://example.com/orders")));
			assertThat(clientObservations(context)).singleElement()
				.satisfies((observation) -> assertThat(observation.getRequest().url())
					.isEqualTo(URI.create("http://example.com/orders")));
			// without a tracer nothing is propagated
			PropagationCounters counters = context.getBean(PropagationCounters.class);
			assertThat(counters.outgoingWithoutContext()).isEqualTo(1);
			assertThat(counters.outgoingPropagated()).isZero();
		});
	}

	@Test
	void webClientFromBootBuilderKeepsOneCountingFilter() {
		this.contextRunner.withUserConfiguration(BootBuilderWebClientConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			WebClient webClient = context.getBean("builderWebClient", WebClient.class);
			assertThat(webClient).isSameAs(context.getBean(BootBuilderWebClientConfiguration.class).built);
			assertThat(countingFilters(webClient)).singleElement()
				.isSameAs(context.getBean(PropagationCountingFilter.class));
			assertThat(context.getBean(InstrumentedComponents.class).ofKind("web-client"))
				.containsExactly(new Component("web-client", "builderWebClient", DEFAULT_WEB_CLIENT, "boot-builder"));
		});
	}

	@Test
	void webClientFromBootBuilderIsObservedAndCountedOnce() {
		this.contextRunner.withUserConfiguration(BootBuilderWebClientConfiguration.class).run((context) -> {
			context.getBean("builderWebClient", WebClient.class)
				.get()
				.uri("http://example.com/orders")
				.retrieve()
				.toBodilessEntity()
				.block();
			assertThat(context.getBean(BootBuilderWebClientConfiguration.class).exchanges.requests).hasSize(1);
			assertThat(clientObservations(context)).hasSize(1);
			assertThat(context.getBean(PropagationCounters.class).outgoingWithoutContext()).isEqualTo(1);
		});
	}

	@Test
	void reportsHowEachWebClientIsInstrumented() {
		this.contextRunner
			.withUserConfiguration(PlainWebClientConfiguration.class, BootBuilderWebClientConfiguration.class)
			.run((context) -> assertThat(context.getBean(InstrumentedComponents.class).ofKind("web-client"))
				.extracting(Component::kind, Component::bean, Component::type, Component::instrumentation)
				.containsExactlyInAnyOrder(tuple("web-client", "createdWebClient", DEFAULT_WEB_CLIENT, "starter"),
						tuple("web-client", "builtWebClient", DEFAULT_WEB_CLIENT, "starter"),
						tuple("web-client", "builderWebClient", DEFAULT_WEB_CLIENT, "boot-builder")));
	}

	@Test
	void outgoingCallsCarryTraceparentOfCurrentSpanWithOpenTelemetry() {
		openTelemetry(this.contextRunner).withUserConfiguration(PlainWebClientConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			RecordingExchangeFunction exchanges = context.getBean(PlainWebClientConfiguration.class).exchanges;
			// a WebClient.create() bean, given a stub exchange the way a test would
			WebClient created = context.getBean("createdWebClient", WebClient.class)
				.mutate()
				.exchangeFunction(exchanges)
				.build();
			WebClient built = context.getBean("builtWebClient", WebClient.class);
			Tracer tracer = context.getBean(Tracer.class);
			Span parent = tracer.nextSpan().name("parent").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
				created.get().uri("http://example.com/created").retrieve().toBodilessEntity().block();
				built.get().uri("http://example.com/built").retrieve().toBodilessEntity().block();
			}
			finally {
				parent.end();
			}
			assertThat(exchanges.requests).hasSize(2)
				.allSatisfy((request) -> assertThat(request.headers().getFirst("traceparent"))
					.matches("00-" + parent.context().traceId() + "-[0-9a-f]{16}-[0-9a-f]{2}")
					.doesNotContain(parent.context().spanId()));
			PropagationCounters counters = context.getBean(PropagationCounters.class);
			assertThat(counters.outgoingPropagated()).isEqualTo(2);
			assertThat(counters.outgoingWithoutContext()).isZero();
		});
	}

	@Test
	void webClientIntegrationCanBeSwitchedOff() {
		this.contextRunner.withConfiguration(REST_CLIENTS)
			.withUserConfiguration(PlainWebClientConfiguration.class, BootBuilderWebClientConfiguration.class,
					RestClientsConfiguration.class)
			.withPropertyValues("trace-context.client.web-client.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("traceContextWebClientPostProcessor");
				assertThat(context).doesNotHaveBean("traceContextWebClientCustomizer");
				assertThat(context).doesNotHaveBean(PropagationCountingFilter.class);
				PlainWebClientConfiguration plain = context.getBean(PlainWebClientConfiguration.class);
				assertThat(context.getBean("createdWebClient")).isSameAs(plain.created);
				assertThat(context.getBean("builtWebClient")).isSameAs(plain.built);
				assertThat(countingFilters(context.getBean("builderWebClient", WebClient.class))).isEmpty();
				assertThat(context.getBean(InstrumentedComponents.class).ofKind("web-client")).isEmpty();
				hasRestClientIntegrations(context);
			});
	}

	@Test
	void absentWithoutWebClient() {
		this.contextRunner.withConfiguration(REST_CLIENTS)
			.withUserConfiguration(PlainWebClientConfiguration.class, RestClientsConfiguration.class)
			.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> {
				hasNoWebClientIntegration(context);
				hasRestClientIntegrations(context);
			});
	}

	@Test
	void doesNothingForWebClientsWithoutSpringBootWebClientModule() {
		// without the module there are no Boot WebClient auto-configurations either
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					TraceContextAutoConfiguration.class, TraceContextOutgoingCallsAutoConfiguration.class,
					TraceContextWebClientAutoConfiguration.class))
			.withConfiguration(REST_CLIENTS)
			.withUserConfiguration(RecordingObservationHandlerConfiguration.class, PlainWebClientConfiguration.class,
					RestClientsConfiguration.class)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.webclient"))
			.run((context) -> {
				hasNoWebClientIntegration(context);
				hasRestClientIntegrations(context);
			});
	}

	@Test
	void worksWithoutSpringBootRestClientModule() {
		this.contextRunner.withConfiguration(REST_CLIENTS)
			.withUserConfiguration(PlainWebClientConfiguration.class, BootBuilderWebClientConfiguration.class)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.restclient"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("traceContextRestTemplatePostProcessor");
				assertThat(context).doesNotHaveBean("traceContextRestClientPostProcessor");
				assertThat(context).hasBean("traceContextWebClientPostProcessor");
				assertThat(countingFilters(context.getBean("builtWebClient", WebClient.class))).hasSize(1);
				assertThat(countingFilters(context.getBean("builderWebClient", WebClient.class))).hasSize(1);
				assertThat(context.getBean(InstrumentedComponents.class).ofKind("web-client")).hasSize(3);
			});
	}

	@Test
	void doesNothingForWebClientsWhenStarterIsDisabled() {
		this.contextRunner.withUserConfiguration(PlainWebClientConfiguration.class)
			.withPropertyValues("trace-context.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("traceContextWebClientPostProcessor");
				assertThat(context).doesNotHaveBean(PropagationCountingFilter.class);
				assertThat(context.getBean("createdWebClient"))
					.isSameAs(context.getBean(PlainWebClientConfiguration.class).created);
			});
	}

	private static ApplicationContextRunner openTelemetry(ApplicationContextRunner runner) {
		return runner
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
			.withInitializer((context) -> context
				.addApplicationListener(new OpenTelemetryEventPublisherBeansApplicationListener()));
	}

	private static void hasNoWebClientIntegration(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		assertThat(context).doesNotHaveBean("traceContextWebClientPostProcessor");
		assertThat(context).doesNotHaveBean("traceContextWebClientCustomizer");
		assertThat(context).doesNotHaveBean(PropagationCountingFilter.class);
		PlainWebClientConfiguration plain = context.getBean(PlainWebClientConfiguration.class);
		assertThat(context.getBean("createdWebClient")).isSameAs(plain.created);
		assertThat(context.getBean("builtWebClient")).isSameAs(plain.built);
		assertThat(context.getBean(InstrumentedComponents.class).ofKind("web-client")).isEmpty();
	}

	private static void hasRestClientIntegrations(AssertableApplicationContext context) {
		assertThat(context).hasBean("traceContextRestTemplatePostProcessor");
		assertThat(context).hasBean("traceContextRestClientPostProcessor");
		List<ClientHttpRequestInterceptor> templateInterceptors = context
			.getBean("plainRestTemplate", RestTemplate.class)
			.getInterceptors();
		assertThat(templateInterceptors).filteredOn(PropagationCountingInterceptor.class::isInstance).hasSize(1);
		List<ClientHttpRequestInterceptor> clientInterceptors = new ArrayList<>();
		context.getBean("createdRestClient", RestClient.class).mutate().requestInterceptors(clientInterceptors::addAll);
		assertThat(clientInterceptors).filteredOn(PropagationCountingInterceptor.class::isInstance).hasSize(1);
		assertThat(context.getBean(InstrumentedComponents.class).ofKind("rest-template")).extracting(Component::bean)
			.containsExactly("plainRestTemplate");
		assertThat(context.getBean(InstrumentedComponents.class).ofKind("rest-client")).extracting(Component::bean)
			.containsExactly("createdRestClient");
	}

	private static List<ExchangeFilterFunction> countingFilters(WebClient webClient) {
		List<ExchangeFilterFunction> filters = new ArrayList<>();
		webClient.mutate().filters(filters::addAll);
		return filters.stream().filter(PropagationCountingFilter.class::isInstance).toList();
	}

	private static List<ClientRequestObservationContext> clientObservations(ApplicationContext context) {
		return context.getBean(RecordingObservationHandler.class).contexts.stream()
			.filter(ClientRequestObservationContext.class::isInstance)
			.map(ClientRequestObservationContext.class::cast)
			.toList();
	}

	static class RecordingExchangeFunction implements ExchangeFunction {

		final List<ClientRequest> requests = new CopyOnWriteArrayList<>();

		@Override
		public Mono<ClientResponse> exchange(ClientRequest request) {
			this.requests.add(request);
			return Mono.just(ClientResponse.create(HttpStatus.OK).build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingObservationHandlerConfiguration {

		@Bean
		RecordingObservationHandler recordingObservationHandler() {
			return new RecordingObservationHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainWebClientConfiguration {

		final RecordingExchangeFunction exchanges = new RecordingExchangeFunction();

		final WebClient created = WebClient.create();

		final WebClient built = WebClient.builder().exchangeFunction(this.exchanges).build();

		@Bean
		WebClient createdWebClient() {
			return this.created;
		}

		@Bean
		WebClient builtWebClient() {
			return this.built;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BootBuilderWebClientConfiguration {

		final RecordingExchangeFunction exchanges = new RecordingExchangeFunction();

		WebClient built;

		@Bean
		WebClient builderWebClient(WebClient.Builder builder) {
			this.built = builder.exchangeFunction(this.exchanges).build();
			return this.built;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RestClientsConfiguration {

		@Bean
		RestTemplate plainRestTemplate() {
			return new RestTemplate();
		}

		@Bean
		RestClient createdRestClient() {
			return RestClient.create();
		}

	}

}
