package io.github.tracecontext.task;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.core.task.support.CompositeTaskDecorator;

/**
 * Lets a native image read the fields {@link TaskDecoratorFields} reads.
 */
class TaskDecoratorFieldsRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (Class<?> executor : TaskDecoratorFields.EXECUTORS) {
			hints.reflection().registerType(executor, (type) -> type.withField(TaskDecoratorFields.DECORATOR));
		}
		hints.reflection()
			.registerType(CompositeTaskDecorator.class, (type) -> type.withField(TaskDecoratorFields.COMPOSITE_PARTS));
	}

}
