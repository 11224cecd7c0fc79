package io.github.tracecontext.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the hand-off's own snapshot ({@link CapturedContext.Values} with
 * {@link RegisteredAccessors}), through {@link ContextHandOff} on a registry of its own.
 * The tasks run on the test thread: what matters is which accessor calls happen, in which
 * order, and what each thread local holds afterwards.
 */
class CapturedContextTests {

	private final List<String> calls = new ArrayList<>();

	private final Local first = new Local("first");

	private final Local second = new Local("second");

	private final ContextRegistry registry = new ContextRegistry().registerThreadLocalAccessor(this.first)
		.registerThreadLocalAccessor(this.second);

	private final ContextHandOff handOff = new ContextHandOff(this.registry);

	@AfterEach
	void clear() {
		this.first.values.remove();
		this.second.values.remove();
	}

	@Test
	void setsTheCapturedValuesAndRestoresInReverseOrder() {
		this.first.values.set("a");
		this.second.values.set("b");
		Runnable task = runnable(
				() -> this.calls.add("task sees " + this.first.values.get() + " " + this.second.values.get()));
		this.first.values.set("worker-a");
		this.second.values.set("worker-b");
		this.calls.clear();
		task.run();
		assertThat(this.calls).containsExactly("first.setValue(a)", "second.setValue(b)", "task sees a b",
				"second.restore(worker-b)", "first.restore(worker-a)");
		assertThat(this.first.values.get()).isEqualTo("worker-a");
		assertThat(this.second.values.get()).isEqualTo("worker-b");
	}

	@Test
	void clearsWhatTheSubmitterLackedAndRestoresWhatTheWorkerHad() {
		this.first.values.set("a");
		Runnable task = runnable(() -> this.calls.add("task sees " + this.second.values.get()));
		this.second.values.set("worker-b");
		this.calls.clear();
		task.run();
		assertThat(this.calls).containsExactly("first.setValue(a)", "second.setValue()", "task sees null",
				"second.restore(worker-b)", "first.restore(a)");
		assertThat(this.second.values.get()).isEqualTo("worker-b");
	}

	@Test
	void restoresNothingToAWorkerThatHadNothing() {
		this.first.values.set("a");
		Runnable task = runnable(() -> {
		});
		this.first.values.remove();
		this.calls.clear();
		task.run();
		assertThat(this.calls).containsExactly("first.setValue(a)", "second.setValue()", "second.restore()",
				"first.restore()");
		assertThat(this.first.values.get()).isNull();
	}

	@Test
	void restoresWhenTheTaskThrows() {
		this.first.values.set("a");
		Callable<String> task = this.handOff.wrap((Callable<String>) () -> {
			throw new IllegalStateException("boom");
		});
		this.first.values.set("worker");
		assertThatIllegalStateException().isThrownBy(task::call).withMessage("boom");
		assertThat(this.first.values.get()).isEqualTo("worker");
	}

	@Test
	void restoresTheAccessorsAlreadySetWhenAnotherFailsToSet() {
		this.first.values.set("a");
		this.second.values.set("b");
		Runnable task = runnable(() -> this.calls.add("task"));
		this.first.values.set("worker-a");
		this.second.values.set("worker-b");
		this.second.failOnSet = true;
		this.calls.clear();
		assertThatIllegalStateException().isThrownBy(task::run).withMessage("second cannot set");
		assertThat(this.calls).doesNotContain("task");
		assertThat(this.first.values.get()).isEqualTo("worker-a");
		assertThat(this.second.values.get()).isEqualTo("worker-b");
	}

	@Test
	void nestedHandOffsRestoreLevelByLevel() {
		this.first.values.set("outer");
		List<String> seen = new ArrayList<>();
		Runnable outer = runnable(() -> {
			this.first.values.set("inner");
			Runnable inner = runnable(() -> seen.add(this.first.values.get()));
			this.first.values.set("between");
			inner.run();
			seen.add(this.first.values.get());
		});
		this.first.values.set("worker");
		outer.run();
		assertThat(seen).containsExactly("inner", "between");
		assertThat(this.first.values.get()).isEqualTo("worker");
	}

	@Test
	void aTaskRunTwiceGetsItsValuesBothTimes() {
		this.first.values.set("a");
		List<String> seen = new ArrayList<>();
		Runnable task = runnable(() -> seen.add(this.first.values.get()));
		this.first.values.set("worker");
		task.run();
		task.run();
		assertThat(seen).containsExactly("a", "a");
		assertThat(this.first.values.get()).isEqualTo("worker");
	}

	@Test
	void anAccessorRegisteredLateIsCarriedByTasksWrappedAfterwards() {
		Local late = new Local("late");
		runnable(() -> {
		}).run();
		this.registry.registerThreadLocalAccessor(late);
		try {
			late.values.set("l");
			List<String> seen = new ArrayList<>();
			Runnable task = runnable(() -> seen.add(late.values.get()));
			late.values.set("worker");
			task.run();
			assertThat(seen).containsExactly("l");
			assertThat(late.values.get()).isEqualTo("worker");
			// and one removed late is no longer touched
			this.registry.removeThreadLocalAccessor(late.key());
			late.values.set("untouched");
			runnable(() -> seen.add(late.values.get())).run();
			assertThat(seen).containsExactly("l", "untouched");
		}
		finally {
			late.values.remove();
		}
	}

	@Test
	void resolvesTheAccessorsOnceWhileTheRegistryIsUnchanged() {
		RegisteredAccessors accessors = new RegisteredAccessors(this.registry);
		ThreadLocalAccessor<?>[] resolved = accessors.current();
		assertThat(resolved).containsExactly(this.first, this.second);
		assertThat(accessors.current()).isSameAs(resolved);
		this.registry.registerThreadLocalAccessor(new Local("third"));
		assertThat(accessors.current()).hasSize(3).isNotSameAs(resolved);
	}

	private Runnable runnable(Runnable task) {
		return this.handOff.wrap(task);
	}

	/** An accessor over a thread local of its own that records each call. */
	private final class Local implements ThreadLocalAccessor<String> {

		final ThreadLocal<String> values = new ThreadLocal<>();

		private final String name;

		boolean failOnSet;

		Local(String name) {
			this.name = name;
		}

		@Override
		public Object key() {
			return this.name;
		}

		@Override
		public @Nullable String getValue() {
			return this.values.get();
		}

		@Override
		public void setValue(String value) {
			record("setValue(" + value + ")");
			if (this.failOnSet) {
				throw new IllegalStateException(this.name + " cannot set");
			}
			this.values.set(value);
		}

		@Override
		public void setValue() {
			record("setValue()");
			this.values.remove();
		}

		@Override
		public void restore(String previousValue) {
			record("restore(" + previousValue + ")");
			this.values.set(previousValue);
		}

		@Override
		public void restore() {
			record("restore()");
			this.values.remove();
		}

		private void record(String call) {
			CapturedContextTests.this.calls.add(this.name + "." + call);
		}

	}

}
