package io.github.tracecontext.autoconfigure;

import java.util.List;

import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.task.ContextHandOff;
import io.github.tracecontext.task.ExecutorContextPostProcessor;
import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Async hand-offs: a post-processor that covers every executor bean Spring Boot's
 * builders did not decorate (Boot's own, with
 * {@code spring.task.execution.propagate-context}, which the starter defaults to
 * {@code true}, already carry context). On while {@code trace-context.async.enabled} and
 * {@code spring.task.execution.propagate-context} are.
 */
@AutoConfiguration(after = TraceContextAutoConfiguration.class)
@ConditionalOnClass({ ContextSnapshotFactory.class, ContextPropagatingTaskDecorator.class })
@ConditionalOnBean({ PropagationCounters.class, ContextHandOff.class })
@ConditionalOnBooleanProperty(name = "trace-context.async.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "spring.task.execution.propagate-context")
public final class TraceContextTaskAutoConfiguration {

	@Bean
	static ExecutorContextPostProcessor traceContextExecutorPostProcessor(ObjectProvider<ContextHandOff> handOff,
			ObjectProvider<InstrumentedComponents> components, Environment environment) {
		List<String> ignored = Binder.get(environment)
			.bind("trace-context.async.ignored-beans", Bindable.listOf(String.class))
			.orElse(List.of());
		return new ExecutorContextPostProcessor(handOff::getObject, components::getObject, ignored);
	}

}
