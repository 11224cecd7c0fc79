package io.github.tracecontext.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.task.ContextAccessorsRegistration;
import io.github.tracecontext.task.ContextHandOff;
import io.github.tracecontext.task.ExecutorContextPostProcessor;
import io.github.tracecontext.task.MdcContextAccessor;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.contextpropagation.ObservationAwareBaggageThreadLocalAccessor;
import io.micrometer.tracing.contextpropagation.ObservationAwareSpanThreadLocalAccessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Async hand-offs: a post-processor that covers every executor bean Spring Boot's builders
 * did not decorate, and the context-propagation accessors that carry raw {@code Tracer}
 * spans, baggage and the MDC across threads (registered once: registering replaces an
 * accessor with the same key). On while
 * {@code trace-context.async.enabled} and {@code spring.task.execution.propagate-context}
 * (which the starter defaults to {@code true}) are.
 */
@AutoConfiguration(before = { TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class },
		after = TraceContextAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnClass({ ContextSnapshotFactory.class, ContextPropagatingTaskDecorator.class })
@ConditionalOnBean(PropagationCounters.class)
@ConditionalOnBooleanProperty(name = "trace-context.async.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "spring.task.execution.propagate-context")
public final class TraceContextTaskAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ContextHandOff traceContextHandOff() {
		return ContextHandOff.create();
	}

	@Bean
	@ConditionalOnMissingBean
	ContextAccessorsRegistration traceContextAccessorsRegistration(ContextHandOff handOff,
			ObjectProvider<Tracer> tracer, ObjectProvider<ObservationRegistry> registry, PropagationCounters counters,
			TraceContextProperties properties) {
		List<ThreadLocalAccessor<?>> accessors = new ArrayList<>();
		Tracer current = tracer.getIfAvailable(() -> Tracer.NOOP);
		if (current != Tracer.NOOP) {
			ObservationRegistry observations = registry.getIfAvailable(() -> ObservationRegistry.NOOP);
			accessors.add(new ObservationAwareSpanThreadLocalAccessor(observations, current));
			accessors.add(new ObservationAwareBaggageThreadLocalAccessor(observations, current));
		}
		accessors.add(new MdcContextAccessor(properties.getMdc().getTraceIdKey(), counters::handOff));
		return new ContextAccessorsRegistration(accessors, handOff);
	}

	@Bean
	static ExecutorContextPostProcessor traceContextExecutorPostProcessor(ObjectProvider<ContextHandOff> handOff,
			ObjectProvider<InstrumentedComponents> components, Environment environment) {
		List<String> ignored = Binder.get(environment)
			.bind("trace-context.async.ignored-beans", Bindable.listOf(String.class))
			.orElse(List.of());
		return new ExecutorContextPostProcessor(handOff::getObject, components::getObject, ignored);
	}

}
