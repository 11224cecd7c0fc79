package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.client.OutgoingCalls;
import io.github.tracecontext.client.PropagationCountingFilter;
import io.github.tracecontext.client.WebClientInstrumentingPostProcessor;
import io.github.tracecontext.stats.InstrumentedComponents;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.observation.ObservationWebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.ClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link WebClient}: clients from Spring Boot's builder get the counting filter; a
 * post-processor replaces every other client bean, {@code WebClient.create()} ones that
 * Boot leaves out, with a copy that has Boot's observation and the same filter.
 */
@AutoConfiguration(after = TraceContextOutgoingCallsAutoConfiguration.class,
		afterName = { "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
				"org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration" })
@ConditionalOnClass({ WebClient.class, WebClientCustomizer.class, ObservationWebClientCustomizer.class })
@ConditionalOnBean({ ObservationRegistry.class, OutgoingCalls.class })
@ConditionalOnBooleanProperty(name = "trace-context.client.web-client.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ObservationProperties.class)
public final class TraceContextWebClientAutoConfiguration {

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
			ObjectProvider<ObservationRegistry> registry, ObjectProvider<ClientRequestObservationConvention> convention,
			ObjectProvider<ObservationProperties> observationProperties,
			ObjectProvider<PropagationCountingFilter> filter, ObjectProvider<InstrumentedComponents> components) {
		return new WebClientInstrumentingPostProcessor(
				() -> new ObservationWebClientCustomizer(registry.getObject(),
						convention.getIfAvailable(() -> new DefaultClientRequestObservationConvention(
								observationProperties.getObject().getHttp().getClient().getRequests().getName()))),
				filter::getObject, components::getObject);
	}

}
