package io.github.tracecontext.task;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import org.springframework.aop.framework.ProxyFactory;

/**
 * Carries the current trace context (span, baggage, MDC) into work the starter cannot
 * see: {@code CompletableFuture.supplyAsync(task)} on the common pool,
 * {@code parallelStream}, {@code new Thread(...)}, executors created inside a method.
 * Capture happens when a method here is called, so call it on the thread that has the
 * context:
 *
 * <pre class="code">
 * CompletableFuture.supplyAsync(TracedTasks.supplier(() -&gt; lookup(id)));
 * new Thread(TracedTasks.runnable(this::report)).start();
 * ExecutorService pool = TracedTasks.executorService(Executors.newFixedThreadPool(4));
 * </pre>
 *
 * The worker's own context is restored after each task. Executor and scheduler
 * <em>beans</em> need none of this: the starter covers them.
 */
public final class TracedTasks {

	private static volatile ContextHandOff handOff = ContextHandOff.create();

	private TracedTasks() {
	}

	/**
	 * Wrap a runnable with the current context.
	 * @param task the task
	 * @return a runnable that runs {@code task} with the caller's context
	 */
	public static Runnable runnable(Runnable task) {
		return handOff.wrap(task);
	}

	/**
	 * Wrap a callable with the current context.
	 * @param <T> the result type
	 * @param task the task
	 * @return a callable that runs {@code task} with the caller's context
	 */
	public static <T> Callable<T> callable(Callable<T> task) {
		return handOff.wrap(task);
	}

	/**
	 * Wrap a supplier with the current context, for
	 * {@code CompletableFuture.supplyAsync}.
	 * @param <T> the result type
	 * @param task the task
	 * @return a supplier that runs {@code task} with the caller's context
	 */
	public static <T> Supplier<T> supplier(Supplier<T> task) {
		return handOff.wrapSupplier(task);
	}

	/**
	 * Wrap an executor: each task gets the context of the thread that submits it.
	 * @param executor the executor
	 * @return the wrapped executor
	 */
	public static Executor executor(Executor executor) {
		return proxy(executor, Executor.class);
	}

	/**
	 * Wrap an executor service: each task gets the context of the thread that submits it.
	 * @param executor the executor service
	 * @return the wrapped executor service
	 */
	public static ExecutorService executorService(ExecutorService executor) {
		return proxy(executor, ExecutorService.class);
	}

	/**
	 * Wrap a scheduled executor service: each task gets the context of the thread that
	 * schedules it.
	 * @param executor the scheduled executor service
	 * @return the wrapped scheduled executor service
	 */
	public static ScheduledExecutorService scheduledExecutorService(ScheduledExecutorService executor) {
		return proxy(executor, ScheduledExecutorService.class);
	}

	private static <T> T proxy(T executor, Class<T> type) {
		ProxyFactory factory = new ProxyFactory(executor);
		factory.setInterfaces(type);
		factory.addAdvice(new ContextPropagatingInterceptor(handOff));
		return type.cast(factory.getProxy(TracedTasks.class.getClassLoader()));
	}

	/**
	 * Use an application's hand-off from now on.
	 * @param applicationHandOff the hand-off of the running application
	 */
	static synchronized void use(ContextHandOff applicationHandOff) {
		handOff = applicationHandOff;
	}

	/**
	 * Stop using an application's hand-off, if it is still the one in use.
	 * @param applicationHandOff the hand-off of an application that is closing
	 */
	static synchronized void release(ContextHandOff applicationHandOff) {
		if (handOff == applicationHandOff) {
			handOff = ContextHandOff.create();
		}
	}

}
