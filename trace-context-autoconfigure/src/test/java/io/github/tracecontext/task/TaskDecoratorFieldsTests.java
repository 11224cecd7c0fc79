package io.github.tracecontext.task;

import java.util.List;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskDecoratorFields}. These fail when Spring renames or retypes a
 * field the starter reads: then update {@link TaskDecoratorFields} (and so its runtime
 * hints).
 */
class TaskDecoratorFieldsTests {

	private static final String RENAMED = "Spring no longer keeps this in the field TaskDecoratorFields reads";

	private final TaskDecorator decorator = (runnable) -> runnable;

	@Test
	void readsTheDecoratorOfThreadPoolTaskExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setTaskDecorator(this.decorator);
		assertReadsTheDecoratorOf(executor);
	}

	@Test
	void readsTheDecoratorOfThreadPoolTaskScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setTaskDecorator(this.decorator);
		assertReadsTheDecoratorOf(scheduler);
	}

	@Test
	void readsTheDecoratorOfSimpleAsyncTaskExecutor() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor();
		executor.setTaskDecorator(this.decorator);
		assertReadsTheDecoratorOf(executor);
	}

	@Test
	void readsTheDecoratorOfConcurrentTaskExecutor() {
		ConcurrentTaskExecutor executor = new ConcurrentTaskExecutor(Runnable::run);
		executor.setTaskDecorator(this.decorator);
		assertReadsTheDecoratorOf(executor);
	}

	@Test
	void executorWithoutADecoratorReadsNull() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		assertThat(TaskDecoratorFields.SPRING.canRead(executor)).as(RENAMED).isTrue();
		assertThat(TaskDecoratorFields.SPRING.read(executor)).isNull();
	}

	@Test
	void readsThePartsOfACompositeInOrder() {
		TaskDecorator spring = new ContextPropagatingTaskDecorator();
		assertThat(TaskDecoratorFields.SPRING.parts(new CompositeTaskDecorator(List.of(this.decorator, spring))))
			.as(RENAMED)
			.isEqualTo(List.of(this.decorator, spring));
	}

	@Test
	void subclassFieldOfTheSameNameDoesNotHideSpringsField() {
		ShadowingExecutor executor = new ShadowingExecutor();
		executor.setTaskDecorator(this.decorator);
		assertThat(TaskDecoratorFields.SPRING.read(executor)).isSameAs(this.decorator);
	}

	@Test
	void executorOfAnotherKindCannotBeRead() {
		Executor direct = Runnable::run;
		assertThat(TaskDecoratorFields.SPRING.canRead(direct)).isFalse();
	}

	@Test
	void fieldsThatAreNotThereCannotBeRead() {
		TaskDecoratorFields renamed = new TaskDecoratorFields("renamed", "renamed");
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setTaskDecorator(this.decorator);
		assertThat(renamed.canRead(executor)).isFalse();
		assertThat(renamed.read(executor)).isNull();
		assertThat(renamed.parts(new CompositeTaskDecorator(List.of(this.decorator)))).isNull();
	}

	private void assertReadsTheDecoratorOf(Object executor) {
		assertThat(TaskDecoratorFields.SPRING.canRead(executor)).as(RENAMED + ": " + executor.getClass()).isTrue();
		assertThat(TaskDecoratorFields.SPRING.read(executor)).as(RENAMED + ": " + executor.getClass())
			.isSameAs(this.decorator);
	}

	/**
	 * Has a field of its own under Spring's name: it must not be read instead of
	 * Spring's.
	 */
	static class ShadowingExecutor extends ThreadPoolTaskExecutor {

		@SuppressWarnings("unused")
		private final String taskDecorator = "not a decorator";

	}

}
