package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.propagation.CallerPolicy;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.correlation.CorrelationIdFilter;
import io.github.tracecontext.web.ExcludedRequestTracing;
import io.github.tracecontext.web.servlet.ExcludedServletRequests;
import io.github.tracecontext.web.servlet.TraceContextObservationFilter;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.context.propagation.ContextPropagators;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Servlet integration: replaces Spring Boot's {@link ServerHttpObservationFilter}
 * registration with the starter's subclass (same order, plus the {@code ERROR} dispatch)
 * and takes the tracing of excluded paths from Boot's handlers (no span, metrics kept).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration",
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" },
		after = TraceContextAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ ServerHttpObservationFilter.class, FilterRegistrationBean.class })
@ConditionalOnBean({ ObservationRegistry.class, Tracer.class, PropagationCounters.class })
@ConditionalOnBooleanProperty(name = "trace-context.web.servlet.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ObservationProperties.class)
public final class TraceContextServletAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "traceContextExcludedPaths")
	ExcludedPaths traceContextExcludedPaths(TraceContextProperties properties, Environment environment) {
		return WebSettings.excludedPaths(properties, environment);
	}

	@Bean
	@ConditionalOnMissingFilterBean(ServerHttpObservationFilter.class)
	FilterRegistrationBean<ServerHttpObservationFilter> traceContextObservationFilter(ObservationRegistry registry,
			ObjectProvider<ServerRequestObservationConvention> customConvention,
			ObservationProperties observationProperties, Tracer tracer, TraceContextProperties properties,
			ExcludedPaths traceContextExcludedPaths) {
		String name = observationProperties.getHttp().getServer().getRequests().getName();
		ServerRequestObservationConvention convention = customConvention
			.getIfAvailable(() -> new DefaultServerRequestObservationConvention(name));
		ServerHttpObservationFilter filter = new TraceContextObservationFilter(registry, convention, tracer,
				WebSettings.responseHeaders(properties), traceContextExcludedPaths);
		FilterRegistrationBean<ServerHttpObservationFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

	@Bean
	@ConditionalOnBean(CorrelationIds.class)
	@ConditionalOnMissingBean(name = "traceContextCorrelationIdFilter")
	FilterRegistrationBean<CorrelationIdFilter> traceContextCorrelationIdFilter(CorrelationIds ids,
			TraceContextProperties properties, ObjectProvider<CallerPolicy> callerPolicy) {
		CallerPolicy policy = callerPolicy.getIfAvailable(() -> WebSettings.callerPolicy(properties.getIncoming()));
		FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(
				new CorrelationIdFilter(ids, policy, properties.getCorrelation().isEcho()));
		// before the observation filter, so that its log lines carry the id too
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

	// ahead of Boot's tracing handlers, which take every other server observation
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ContextPropagators.class, OtelSpan.class })
	@ConditionalOnBean(ContextPropagators.class)
	static class ExcludedRequestsConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		@ConditionalOnMissingBean(name = "traceContextExcludedRequestTracing")
		ExcludedRequestTracing<?> traceContextExcludedRequestTracing(Tracer tracer, ContextPropagators propagators,
				PropagationCounters counters, ExcludedPaths traceContextExcludedPaths) {
			return ExcludedServletRequests.tracing(tracer,
					WebSettings.excludedRequestsPropagator(propagators, counters), traceContextExcludedPaths);
		}

	}

}
