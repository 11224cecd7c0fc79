package io.github.tracecontext.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.tracecontext.client.OutgoingCalls;
import io.github.tracecontext.client.PropagationCountingInterceptor;
import io.github.tracecontext.client.RestTemplateInstrumentingPostProcessor;
import io.github.tracecontext.stats.InstrumentedComponents;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.restclient.observation.ObservationRestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.web.client.RestTemplate;

/**
 * {@link RestTemplate}: templates from Spring Boot's builder get the counting
 * interceptor; a post-processor gives every other template bean,
 * {@code new RestTemplate()} ones that Boot leaves out, Boot's observation and the same
 * interceptor.
 */
@AutoConfiguration(after = TraceContextOutgoingCallsAutoConfiguration.class,
		afterName = { "org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration",
				"org.springframework.boot.restclient.autoconfigure.RestTemplateObservationAutoConfiguration" })
@ConditionalOnClass({ RestTemplate.class, RestTemplateCustomizer.class, ObservationRestTemplateCustomizer.class })
@ConditionalOnBean({ ObservationRegistry.class, OutgoingCalls.class })
@ConditionalOnBooleanProperty(name = "trace-context.client.rest-template.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ObservationProperties.class)
public final class TraceContextRestTemplateAutoConfiguration {

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
			ObjectProvider<ObservationRegistry> registry, ObjectProvider<ClientRequestObservationConvention> convention,
			ObjectProvider<ObservationProperties> observationProperties,
			ObjectProvider<PropagationCountingInterceptor> interceptor,
			ObjectProvider<InstrumentedComponents> components) {
		return new RestTemplateInstrumentingPostProcessor(
				() -> new ObservationRestTemplateCustomizer(registry.getObject(),
						ClientObservationConventions.of(convention, observationProperties)),
				interceptor::getObject, components::getObject);
	}

}
