package io.github.tracecontext.continuity;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.slf4j.MDC;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Checks that worker threads are left as they were: the pools here give each worker an
 * MDC of its own ({@code worker=<thread name>}) and check, before and after every task
 * (including tasks that throw), that the worker holds exactly that MDC, no span and no
 * baggage. JDK pools that cannot be subclassed (the starter proxies them by interface)
 * are probed from the side instead: a raw task, submitted past the proxy, occupies every
 * worker and reads what it finds.
 */
final class WorkerHygiene {

	static final String WORKER_KEY = "worker";

	private static final int MAX_VIOLATIONS = 50;

	private final Tracer tracer;

	private final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();

	private final List<String> violations = new CopyOnWriteArrayList<>();

	private final Map<String, RawPool> rawPools = new ConcurrentHashMap<>();

	WorkerHygiene(Tracer tracer) {
		this.tracer = tracer;
	}

	/** Called on a worker, between tasks. */
	void check(String pool, String when, boolean workerMdc) {
		this.checks.computeIfAbsent(pool, (name) -> new AtomicInteger()).incrementAndGet();
		String problem = problem(workerMdc);
		if (problem != null && this.violations.size() < MAX_VIOLATIONS) {
			this.violations.add(pool + " " + when + " on " + Thread.currentThread().getName() + ": " + problem);
		}
	}

	private String problem(boolean workerMdc) {
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		mdc = (mdc != null) ? mdc : Map.of();
		Map<String, String> expected = workerMdc ? Map.of(WORKER_KEY, Thread.currentThread().getName()) : Map.of();
		Span span = this.tracer.currentSpan();
		String baggage = ContinuityApplication.Recorder.baggage(this.tracer);
		if (mdc.equals(expected) && span == null && baggage == null) {
			return null;
		}
		return "MDC " + mdc + " (expected " + expected + "), span " + span + ", baggage " + baggage;
	}

	int checks(String pool) {
		AtomicInteger count = this.checks.get(pool);
		return (count != null) ? count.get() : 0;
	}

	List<String> violations() {
		return List.copyOf(this.violations);
	}

	void registerRawPool(String name, ExecutorService pool, int threads, boolean workerMdc) {
		this.rawPools.put(name, new RawPool(pool, threads, workerMdc));
	}

	Set<String> rawPools() {
		return Set.copyOf(this.rawPools.keySet());
	}

	int rawPoolThreads(String name) {
		return this.rawPools.get(name).threads();
	}

	/**
	 * Occupy every worker of a raw (unproxied) pool at once with a task that carries no
	 * context and check what each worker holds.
	 * @param name the pool's registered name
	 * @return the number of distinct workers probed
	 */
	int probe(String name) throws Exception {
		RawPool raw = this.rawPools.get(name);
		CountDownLatch allStarted = new CountDownLatch(raw.threads());
		Set<String> threads = ConcurrentHashMap.newKeySet();
		List<Future<?>> probes = new ArrayList<>();
		for (int i = 0; i < raw.threads(); i++) {
			probes.add(raw.pool().submit(() -> {
				threads.add(Thread.currentThread().getName());
				check(name, "raw probe", raw.workerMdc());
				allStarted.countDown();
				// hold the worker so the next probe lands on another one
				allStarted.await(5, TimeUnit.SECONDS);
				return null;
			}));
		}
		for (Future<?> probe : probes) {
			probe.get(10, TimeUnit.SECONDS);
		}
		return threads.size();
	}

	static boolean isVirtual(Thread thread) {
		try {
			Method isVirtual = Thread.class.getMethod("isVirtual");
			return (boolean) isVirtual.invoke(thread);
		}
		catch (NoSuchMethodException ex) {
			return false; // Java 17
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record RawPool(ExecutorService pool, int threads, boolean workerMdc) {
	}

	/** Daemon threads that start with an MDC of their own. */
	static final class WorkerMdcThreadFactory implements ThreadFactory {

		private final String prefix;

		private final AtomicInteger count = new AtomicInteger();

		WorkerMdcThreadFactory(String prefix) {
			this.prefix = prefix;
		}

		@Override
		public Thread newThread(Runnable runnable) {
			Thread thread = new Thread(withWorkerMdc(runnable), this.prefix + this.count.incrementAndGet());
			thread.setDaemon(true);
			// planned task failures on execute() end up here; they are checked by the
			// test
			thread.setUncaughtExceptionHandler((t, ex) -> {
			});
			return thread;
		}

	}

	static Runnable withWorkerMdc(Runnable runnable) {
		return () -> {
			MDC.put(WORKER_KEY, Thread.currentThread().getName());
			runnable.run();
		};
	}

	/** A JDK pool subclass with the before/after hooks. */
	public static class ProbedThreadPoolExecutor extends ThreadPoolExecutor {

		private final String name;

		private final WorkerHygiene hygiene;

		public ProbedThreadPoolExecutor(String name, int threads, WorkerHygiene hygiene) {
			super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
					new WorkerMdcThreadFactory(name + "-"));
			this.name = name;
			this.hygiene = hygiene;
		}

		@Override
		protected void beforeExecute(Thread thread, Runnable task) {
			this.hygiene.check(this.name, "before task", true);
		}

		@Override
		protected void afterExecute(Runnable task, Throwable failure) {
			this.hygiene.check(this.name, "after task" + ((failure != null) ? " that threw" : ""), true);
		}

	}

	/** Spring's pool with its protected before/after hooks. */
	public static class ProbedThreadPoolTaskExecutor extends ThreadPoolTaskExecutor {

		private final String name;

		private final WorkerHygiene hygiene;

		public ProbedThreadPoolTaskExecutor(String name, WorkerHygiene hygiene) {
			this.name = name;
			this.hygiene = hygiene;
		}

		@Override
		public Thread newThread(Runnable runnable) {
			return super.newThread(withWorkerMdc(runnable));
		}

		@Override
		protected void beforeExecute(Thread thread, Runnable task) {
			this.hygiene.check(this.name, "before task", true);
			super.beforeExecute(thread, task);
		}

		@Override
		protected void afterExecute(Runnable task, Throwable failure) {
			super.afterExecute(task, failure);
			this.hygiene.check(this.name, "after task" + ((failure != null) ? " that threw" : ""), true);
		}

	}

	/** Spring's scheduler with its protected before/after hooks. */
	public static class ProbedThreadPoolTaskScheduler extends ThreadPoolTaskScheduler {

		private final String name;

		private final WorkerHygiene hygiene;

		public ProbedThreadPoolTaskScheduler(String name, WorkerHygiene hygiene) {
			this.name = name;
			this.hygiene = hygiene;
		}

		@Override
		public Thread newThread(Runnable runnable) {
			return super.newThread(withWorkerMdc(runnable));
		}

		@Override
		protected void beforeExecute(Thread thread, Runnable task) {
			this.hygiene.check(this.name, "before task", true);
			super.beforeExecute(thread, task);
		}

		@Override
		protected void afterExecute(Runnable task, Throwable failure) {
			super.afterExecute(task, failure);
			this.hygiene.check(this.name, "after task" + ((failure != null) ? " that threw" : ""), true);
		}

	}

}
