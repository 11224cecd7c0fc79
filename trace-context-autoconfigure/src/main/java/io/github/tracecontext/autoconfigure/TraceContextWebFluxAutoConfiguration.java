package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.propagation.CorrelationIds;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.web.reactive.CorrelationIdWebFilter;
import io.github.tracecontext.web.reactive.ReactiveExcludedPathsObservationPredicate;
import io.github.tracecontext.web.reactive.OpenTelemetryRemoteSpans;
import io.github.tracecontext.web.reactive.RemoteSpans;
import io.github.tracecontext.web.reactive.TraceContextWebFilter;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.server.WebFilter;

/**
 * WebFlux integration: Spring's {@code HttpWebHandlerAdapter} keeps making the one server
 * observation per request; the starter adds a {@link TraceContextWebFilter} (response
 * headers, counting) and skips the observation on excluded paths, where it makes the
 * caller's context current instead (as on the servlet side). The MDC in
 * controllers and operators comes from Reactor's automatic context propagation, which the
 * starter switches on by default ({@code spring.reactor.context-propagation=auto}).
 */
@AutoConfiguration(after = TraceContextAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ WebFilter.class, ObservationRegistry.class })
@ConditionalOnBean(PropagationCounters.class)
@ConditionalOnBooleanProperty(name = "trace-context.web.reactive.enabled", matchIfMissing = true)
public final class TraceContextWebFluxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "traceContextExcludedPaths")
	ExcludedPaths traceContextExcludedPaths(TraceContextProperties properties, Environment environment) {
		return WebSettings.excludedPaths(properties, environment);
	}

	@Bean
	ObservationPredicate traceContextExcludedPathsPredicate(ExcludedPaths traceContextExcludedPaths) {
		return new ReactiveExcludedPathsObservationPredicate(traceContextExcludedPaths);
	}

	@Bean
	@ConditionalOnMissingBean
	TraceContextWebFilter traceContextWebFilter(TraceContextProperties properties,
			ExcludedPaths traceContextExcludedPaths, ObjectProvider<RemoteSpans> remoteSpans,
			ObjectProvider<ObservationRegistry> registry) {
		return new TraceContextWebFilter(WebSettings.responseHeaders(properties), traceContextExcludedPaths,
				remoteSpans.getIfAvailable(() -> RemoteSpans.NONE),
				registry.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	@ConditionalOnBean(CorrelationIds.class)
	@ConditionalOnMissingBean
	CorrelationIdWebFilter traceContextCorrelationIdWebFilter(CorrelationIds ids, TraceContextProperties properties) {
		return new CorrelationIdWebFilter(ids, WebSettings.callerPolicy(properties.getIncoming()),
				properties.getCorrelation().isEcho());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ContextPropagators.class, OtelSpan.class })
	@ConditionalOnBean(ContextPropagators.class)
	static class OpenTelemetryRemoteSpansConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RemoteSpans traceContextRemoteSpans(ContextPropagators propagators) {
			return new OpenTelemetryRemoteSpans(propagators);
		}

	}

}
