package io.github.tracecontext.task;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.task.support.CompositeTaskDecorator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskDecoratorFieldsRuntimeHints}.
 */
class TaskDecoratorFieldsRuntimeHintsTests {

	@Test
	void everyFieldTheStarterReadsIsRegistered() {
		RuntimeHints hints = new RuntimeHints();
		new TaskDecoratorFieldsRuntimeHints().registerHints(hints, getClass().getClassLoader());
		for (Class<?> executor : TaskDecoratorFields.EXECUTORS) {
			assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(executor, TaskDecoratorFields.DECORATOR))
				.as(executor.getName())
				.accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection()
			.onFieldAccess(CompositeTaskDecorator.class, TaskDecoratorFields.COMPOSITE_PARTS)).accepts(hints);
	}

	@Test
	void registrarIsListedInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(TaskDecoratorFieldsRuntimeHints.class);
	}

}
