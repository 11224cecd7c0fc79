package io.github.tracecontext.task;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.micrometer.context.ContextRegistry;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the submitting thread's context into a task: every value registered for context
 * propagation (observation, span, baggage, and the MDC through
 * {@link MdcContextAccessor}). Values the submitter does not have are cleared in the
 * task. The task's thread gets back exactly what it held before, on every exit path. A
 * task that already carries context is not wrapped again, so a wrapped executor in front
 * of a decorating one still captures once.
 */
public final class ContextHandOff {

	private final RegisteredAccessors accessors;

	/**
	 * A hand-off with the accessors of a context registry, resolved once and again only
	 * when the registry changes; values the submitter does not have are cleared in the
	 * task.
	 * @param registry the registry
	 */
	public ContextHandOff(ContextRegistry registry) {
		this.accessors = new RegisteredAccessors(registry);
	}

	/**
	 * A hand-off with the global context registry; values the submitter does not have are
	 * cleared in the task.
	 * @return a hand-off
	 */
	public static ContextHandOff create() {
		return new ContextHandOff(ContextRegistry.getInstance());
	}

	private CapturedContext capture() {
		return CapturedContext.Values.capture(this.accessors.current());
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

	/**
	 * Wrap a task with the calling thread's context.
	 * @param task the task
	 * @return a task that runs {@code task} with this thread's context, or {@code task}
	 * itself if it already carries one
	 */
	public Runnable wrap(Runnable task) {
		return (task instanceof Carrying) ? task : new CarryingRunnable(capture(), task);
	}

	/**
	 * Wrap a task with the calling thread's context.
	 * @param <T> the result type
	 * @param task the task
	 * @return a task that runs {@code task} with this thread's context, or {@code task}
	 * itself if it already carries one
	 */
	public <T> Callable<T> wrap(Callable<T> task) {
		return (task instanceof Carrying) ? task : new CarryingCallable<>(capture(), task);
	}

	/**
	 * Wrap a supplier with the calling thread's context.
	 * @param <T> the result type
	 * @param task the supplier
	 * @return a supplier that runs {@code task} with this thread's context, or
	 * {@code task} itself if it already carries one
	 */
	public <T> Supplier<T> wrapSupplier(Supplier<T> task) {
		return (task instanceof Carrying) ? task : new CarryingSupplier<>(capture(), task);
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

	private record CarryingRunnable(CapturedContext context, Runnable task) implements Runnable, Carrying {

		@Override
		public void run() {
			// A scheduler may still hand over a task cancelled while queued: nothing to
			// carry.
			if (this.task instanceof Future<?> future && future.isCancelled()) {
				return;
			}
			Object opened = this.context.open();
			try {
				this.task.run();
			}
			finally {
				this.context.close(opened);
			}
		}

	}

	private record CarryingCallable<T>(CapturedContext context, Callable<T> task) implements Callable<T>, Carrying {

		@Override
		public T call() throws Exception {
			Object opened = this.context.open();
			try {
				return this.task.call();
			}
			finally {
				this.context.close(opened);
			}
		}

	}

	private record CarryingSupplier<T>(CapturedContext context, Supplier<T> task) implements Supplier<T>, Carrying {

		@Override
		public T get() {
			Object opened = this.context.open();
			try {
				return this.task.get();
			}
			finally {
				this.context.close(opened);
			}
		}

	}

}
