package io.github.tracecontext.task;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the submitting thread's context into a task: every value registered for
 * context propagation (observation, span, baggage, and the MDC through
 * {@link MdcContextAccessor}). The task's thread gets back exactly what it held before, on
 * every exit path. A task that already carries context is not wrapped again, so a wrapped
 * executor in front of a decorating one still captures once.
 */
public final class ContextHandOff {

	private final ContextSnapshotFactory snapshots;

	public ContextHandOff(ContextSnapshotFactory snapshots) {
		this.snapshots = snapshots;
	}

	/**
	 * A hand-off with the global context registry; values the submitter does not have are
	 * cleared in the task.
	 * @return a hand-off
	 */
	public static ContextHandOff create() {
		return new ContextHandOff(ContextSnapshotFactory.builder().clearMissing(true).build());
	}

	/**
	 * This hand-off as a task decorator for a Spring executor. Deliberately not a bean:
	 * Spring Boot's builders apply every {@code TaskDecorator} bean, next to their own.
	 * @return a decorator that wraps each task with this hand-off
	 */
	public TaskDecorator asTaskDecorator() {
		return new HandOffTaskDecorator(this);
	}

	record HandOffTaskDecorator(ContextHandOff handOff) implements TaskDecorator {

		@Override
		public Runnable decorate(Runnable runnable) {
			return this.handOff.wrap(runnable);
		}

	}

	public Runnable wrap(Runnable task) {
		return (task instanceof Carrying) ? task : new CarryingRunnable(this.snapshots.captureAll(), task);
	}

	public <T> Callable<T> wrap(Callable<T> task) {
		return (task instanceof Carrying) ? task : new CarryingCallable<>(this.snapshots.captureAll(), task);
	}

	public <T> Supplier<T> wrapSupplier(Supplier<T> task) {
		return (task instanceof Carrying) ? task : new CarryingSupplier<>(this.snapshots.captureAll(), task);
	}

	/**
	 * Told of each task that starts with its submitter's context.
	 */
	@FunctionalInterface
	public interface HandOffListener {

		/**
		 * A task started on another thread with its submitter's context.
		 * @param withTrace whether that context held a trace
		 */
		void handedOff(boolean withTrace);

	}

	/** Marks a task that already carries its submitter's context. */
	interface Carrying {

	}

	private record CarryingRunnable(ContextSnapshot snapshot, Runnable task) implements Runnable, Carrying {

		@Override
		public void run() {
			// A scheduler may still hand over a task cancelled while queued: nothing to carry.
			if (this.task instanceof Future<?> future && future.isCancelled()) {
				return;
			}
			try (ContextSnapshot.Scope scope = this.snapshot.setThreadLocals()) {
				this.task.run();
			}
		}

	}

	private record CarryingCallable<T>(ContextSnapshot snapshot, Callable<T> task) implements Callable<T>, Carrying {

		@Override
		public T call() throws Exception {
			try (ContextSnapshot.Scope scope = this.snapshot.setThreadLocals()) {
				return this.task.call();
			}
		}

	}

	private record CarryingSupplier<T>(ContextSnapshot snapshot, Supplier<T> task) implements Supplier<T>, Carrying {

		@Override
		public T get() {
			try (ContextSnapshot.Scope scope = this.snapshot.setThreadLocals()) {
				return this.task.get();
			}
		}

	}

}
