package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.web.reactive.ReactiveExcludedPathsObservationPredicate;
import io.github.tracecontext.web.reactive.TraceContextWebFilter;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.server.WebFilter;

/**
 * WebFlux integration: Spring's {@code HttpWebHandlerAdapter} keeps making the one server
 * observation per request; the starter adds a {@link TraceContextWebFilter} (response
 * headers, counting) and skips the observation on excluded paths. Unlike the servlet side,
 * excluded WebFlux paths do not get the caller's context made current: under automatic
 * propagation both ways tried left a context behind on Reactor threads. The MDC in
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
			ExcludedPaths traceContextExcludedPaths, PropagationCounters counters) {
		return new TraceContextWebFilter(WebSettings.responseHeaders(properties), traceContextExcludedPaths, counters);
	}

}
