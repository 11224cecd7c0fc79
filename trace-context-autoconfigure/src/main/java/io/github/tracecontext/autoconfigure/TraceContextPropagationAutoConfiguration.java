package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.propagation.BaggageAllowlist;
import io.github.tracecontext.propagation.CallerPolicy;
import io.github.tracecontext.propagation.LinkingPropagator;
import io.github.tracecontext.propagation.StrictTraceContextPropagator;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.Tracer;
import io.github.tracecontext.stats.PropagationCounters;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Puts the starter's W3C Trace Context reading into the propagation path Spring Boot
 * uses: the {@link ContextPropagators} bean (Boot backs off from its own) wraps the
 * {@link TextMapPropagator} beans Boot configured from {@code management.tracing.*}, so
 * the servlet and WebFlux server observations, excluded paths and every client go through
 * it.
 */
@AutoConfiguration(after = TraceContextAutoConfiguration.class,
		beforeName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass({ OtelTracer.class, ContextPropagators.class })
@ConditionalOnBooleanProperty(name = "trace-context.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TraceContextProperties.class)
@ConditionalOnBooleanProperty(name = "trace-context.propagation.strict", matchIfMissing = true)
public final class TraceContextPropagationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ContextPropagators traceContextContextPropagators(ObjectProvider<TextMapPropagator> textMapPropagators,
			ObjectProvider<PropagationCounters> counters, TraceContextProperties properties,
			ObjectProvider<TracingProperties> tracingProperties, ObjectProvider<CallerPolicy> callerPolicy,
			Environment environment) {
		TextMapPropagator configured = TextMapPropagator.composite(textMapPropagators.orderedStream().toList());
		PropagationCounters propagationCounters = counters.getIfAvailable(PropagationCounters::new);
		TraceContextProperties.Incoming incoming = properties.getIncoming();
		return ContextPropagators.create(new StrictTraceContextPropagator(configured, propagationCounters,
				readsW3c(PropagationFormats.of(tracingProperties.getIfUnique(), environment), configured),
				callerPolicy.getIfAvailable(() -> WebSettings.callerPolicy(incoming)),
				BaggageAllowlist.of(incoming.getBaggageAllowlist())));
	}

	/**
	 * Boot's own {@code Propagator} over the same {@link ContextPropagators}, adding the
	 * span link to a caller whose trace was restarted by policy.
	 */
	@Bean
	@ConditionalOnMissingBean(Propagator.class)
	Propagator traceContextPropagator(ContextPropagators contextPropagators, Tracer tracer) {
		return new LinkingPropagator(new OtelPropagator(contextPropagators, tracer));
	}

	// W3C is read only where Boot reads it: not when W3C is not consumed, nor with
	// management.tracing.export.enabled=false (a no-op propagator, without 'traceparent')
	private static boolean readsW3c(PropagationFormats formats, TextMapPropagator configured) {
		return formats.consumesW3c() && configured.fields().contains("traceparent");
	}

}
