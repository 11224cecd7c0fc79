package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.propagation.CallerPolicy;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.correlation.CorrelationIdWebFilter;
import io.github.tracecontext.web.ExcludedRequestTracing;
import io.github.tracecontext.web.reactive.ExcludedReactiveRequests;
import io.github.tracecontext.web.reactive.TraceContextWebFilter;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.web.server.WebFilter;

/**
 * WebFlux integration: Spring's {@code HttpWebHandlerAdapter} keeps making the one server
 * observation per request; the starter adds a {@link TraceContextWebFilter} (response
 * headers) and takes the tracing of excluded paths from Boot's handlers: no span, metrics
 * kept, the caller's context current (as on the servlet side). The MDC in controllers and
 * operators comes from Reactor's automatic context propagation, which the starter
 * switches on by default ({@code spring.reactor.context-propagation=auto}).
 */
@AutoConfiguration(after = TraceContextAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
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
	@ConditionalOnMissingBean
	TraceContextWebFilter traceContextWebFilter(TraceContextProperties properties,
			ExcludedPaths traceContextExcludedPaths) {
		return new TraceContextWebFilter(WebSettings.responseHeaders(properties), traceContextExcludedPaths);
	}

	@Bean
	@ConditionalOnBean(CorrelationIds.class)
	@ConditionalOnMissingBean
	CorrelationIdWebFilter traceContextCorrelationIdWebFilter(CorrelationIds ids, TraceContextProperties properties,
			ObjectProvider<CallerPolicy> callerPolicy) {
		CallerPolicy policy = callerPolicy.getIfAvailable(() -> WebSettings.callerPolicy(properties.getIncoming()));
		return new CorrelationIdWebFilter(ids, policy, properties.getCorrelation().isEcho());
	}

	// ahead of Boot's tracing handlers, which take every other server observation
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ContextPropagators.class, OtelSpan.class })
	@ConditionalOnBean({ ContextPropagators.class, Tracer.class })
	static class ExcludedRequestsConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		@ConditionalOnMissingBean(name = "traceContextExcludedRequestTracing")
		ExcludedRequestTracing<?> traceContextExcludedRequestTracing(Tracer tracer, ContextPropagators propagators,
				PropagationCounters counters, ExcludedPaths traceContextExcludedPaths) {
			return ExcludedReactiveRequests.tracing(tracer,
					WebSettings.excludedRequestsPropagator(propagators, counters), traceContextExcludedPaths);
		}

	}

}
