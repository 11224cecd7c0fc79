package io.github.tracecontext.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.tracecontext.client.AllowedHosts;
import io.github.tracecontext.client.OutgoingCalls;
import io.github.tracecontext.client.PropagationCountingFilter;
import io.github.tracecontext.client.PropagationCountingInterceptor;
import io.github.tracecontext.client.WebClientInstrumentingPostProcessor;
import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.client.RestClientInstrumentingPostProcessor;
import io.github.tracecontext.client.RestTemplateInstrumentingPostProcessor;
import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.stats.PropagationCounters;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.restclient.observation.ObservationRestClientCustomizer;
import org.springframework.boot.restclient.observation.ObservationRestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.observation.ObservationWebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Outgoing calls: every {@link RestTemplate}, {@link RestClient} and {@link WebClient} bean gets Spring Boot's
 * observation instrumentation, builder-made or not, and a counter of calls that left with
 * or without trace headers.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" },
		after = TraceContextAutoConfiguration.class)
@ConditionalOnClass({ ObservationRegistry.class, HttpHeaders.class })
@ConditionalOnBean({ ObservationRegistry.class, PropagationCounters.class })
@EnableConfigurationProperties(ObservationProperties.class)
public final class TraceContextClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OutgoingCalls traceContextOutgoingCalls(PropagationCounters counters, ObjectProvider<Propagator> propagator,
			TraceContextProperties properties, ObjectProvider<CorrelationIds> correlationIds) {
		CorrelationIds forwarded = properties.getCorrelation().isForward() ? correlationIds.getIfAvailable() : null;
		return new OutgoingCalls(counters, propagator.getIfAvailable(() -> Propagator.NOOP).fields(),
				AllowedHosts.of(properties.getOutgoing().getAllowedHosts()), forwarded);
	}

	@Bean
	@ConditionalOnMissingBean
	PropagationCountingInterceptor traceContextPropagationCountingInterceptor(OutgoingCalls calls) {
		return new PropagationCountingInterceptor(calls);
	}

	static ClientRequestObservationConvention convention(ObjectProvider<ClientRequestObservationConvention> custom,
			ObjectProvider<ObservationProperties> properties) {
		return custom.getIfAvailable(() -> new DefaultClientRequestObservationConvention(
				properties.getObject().getHttp().getClient().getRequests().getName()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestTemplate.class, RestTemplateCustomizer.class, ObservationRestTemplateCustomizer.class })
	@ConditionalOnBooleanProperty(name = "trace-context.client.rest-template.enabled", matchIfMissing = true)
	static class RestTemplateConfiguration {

		@Bean
		RestTemplateCustomizer traceContextRestTemplateCustomizer(PropagationCountingInterceptor interceptor) {
			return (restTemplate) -> {
				List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(restTemplate.getInterceptors());
				if (interceptors.stream().noneMatch(PropagationCountingInterceptor.class::isInstance)) {
					interceptors.add(interceptor);
					restTemplate.setInterceptors(interceptors);
				}
			};
		}

		@Bean
		static RestTemplateInstrumentingPostProcessor traceContextRestTemplatePostProcessor(
				ObjectProvider<ObservationRegistry> registry,
				ObjectProvider<ClientRequestObservationConvention> convention,
				ObjectProvider<ObservationProperties> observationProperties,
				ObjectProvider<PropagationCountingInterceptor> interceptor,
				ObjectProvider<InstrumentedComponents> components) {
			return new RestTemplateInstrumentingPostProcessor(
					() -> new ObservationRestTemplateCustomizer(registry.getObject(),
							convention(convention, observationProperties)),
					interceptor::getObject, components::getObject);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class, ObservationRestClientCustomizer.class })
	@ConditionalOnBooleanProperty(name = "trace-context.client.rest-client.enabled", matchIfMissing = true)
	static class RestClientConfiguration {

		@Bean
		RestClientCustomizer traceContextRestClientCustomizer(PropagationCountingInterceptor interceptor) {
			return (builder) -> builder.requestInterceptors((interceptors) -> {
				if (interceptors.stream().noneMatch(PropagationCountingInterceptor.class::isInstance)) {
					interceptors.add(interceptor);
				}
			});
		}

		@Bean
		static RestClientInstrumentingPostProcessor traceContextRestClientPostProcessor(
				ObjectProvider<ObservationRegistry> registry,
				ObjectProvider<ClientRequestObservationConvention> convention,
				ObjectProvider<ObservationProperties> observationProperties,
				ObjectProvider<PropagationCountingInterceptor> interceptor,
				ObjectProvider<InstrumentedComponents> components) {
			return new RestClientInstrumentingPostProcessor(
					() -> new ObservationRestClientCustomizer(registry.getObject(),
							convention(convention, observationProperties)),
					interceptor::getObject, components::getObject);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, ObservationWebClientCustomizer.class })
	@ConditionalOnBooleanProperty(name = "trace-context.client.web-client.enabled", matchIfMissing = true)
	static class WebClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PropagationCountingFilter traceContextPropagationCountingFilter(OutgoingCalls calls) {
			return new PropagationCountingFilter(calls);
		}

		@Bean
		WebClientCustomizer traceContextWebClientCustomizer(PropagationCountingFilter filter) {
			return (builder) -> builder.filters((filters) -> {
				if (filters.stream().noneMatch(PropagationCountingFilter.class::isInstance)) {
					filters.add(filter);
				}
			});
		}

		@Bean
		static WebClientInstrumentingPostProcessor traceContextWebClientPostProcessor(
				ObjectProvider<ObservationRegistry> registry,
				ObjectProvider<org.springframework.web.reactive.function.client.ClientRequestObservationConvention> convention,
				ObjectProvider<ObservationProperties> observationProperties,
				ObjectProvider<PropagationCountingFilter> filter, ObjectProvider<InstrumentedComponents> components) {
			return new WebClientInstrumentingPostProcessor(() -> new ObservationWebClientCustomizer(registry.getObject(),
					convention.getIfAvailable(() -> new org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention(
							observationProperties.getObject().getHttp().getClient().getRequests().getName()))),
					filter::getObject, components::getObject);
		}

	}

}
