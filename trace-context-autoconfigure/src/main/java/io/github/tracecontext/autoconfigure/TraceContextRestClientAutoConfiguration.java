package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.client.OutgoingCalls;
import io.github.tracecontext.client.PropagationCountingInterceptor;
import io.github.tracecontext.client.RestClientInstrumentingPostProcessor;
import io.github.tracecontext.stats.InstrumentedComponents;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.observation.ObservationRestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.web.client.RestClient;

/**
 * {@link RestClient}: clients from Spring Boot's builder get the counting interceptor; a
 * post-processor gives every other client bean, {@code RestClient.create()} and
 * plain-builder ones that Boot leaves out, Boot's observation and the same interceptor.
 */
@AutoConfiguration(after = TraceContextOutgoingCallsAutoConfiguration.class,
		afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
				"org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration" })
@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class, ObservationRestClientCustomizer.class })
@ConditionalOnBean({ ObservationRegistry.class, OutgoingCalls.class })
@ConditionalOnBooleanProperty(name = "trace-context.client.rest-client.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ObservationProperties.class)
public final class TraceContextRestClientAutoConfiguration {

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
			ObjectProvider<ObservationRegistry> registry, ObjectProvider<ClientRequestObservationConvention> convention,
			ObjectProvider<ObservationProperties> observationProperties,
			ObjectProvider<PropagationCountingInterceptor> interceptor,
			ObjectProvider<InstrumentedComponents> components) {
		return new RestClientInstrumentingPostProcessor(
				() -> new ObservationRestClientCustomizer(registry.getObject(),
						ClientObservationConventions.of(convention, observationProperties)),
				interceptor::getObject, components::getObject);
	}

}
