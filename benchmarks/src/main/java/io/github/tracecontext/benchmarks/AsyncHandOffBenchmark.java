package io.github.tracecontext.benchmarks;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import io.github.tracecontext.task.ContextHandOff;
import io.github.tracecontext.task.ExecutorContextPostProcessor;

/**
 * What carrying the context into a task costs, with a current observation (its span in
 * scope) and an MDC holding the trace keys and one application key, under tracing set up
 * by Spring Boot's auto-configuration and the starter ({@link BootTracing}).
 * <p>
 * Round trip (submit a trivial task to a one-thread pool, wait for it), on the
 * {@link Submitter}'s thread:
 * <ul>
 * <li>on a {@link ThreadPoolTaskExecutor}: {@code taskExecutorRaw} without a decorator,
 * {@code taskExecutorStarter} decorated by the starter's
 * {@link ExecutorContextPostProcessor} (as it does to an executor bean),
 * {@code taskExecutorSpringDecorator} with Spring's
 * {@link ContextPropagatingTaskDecorator} (what
 * {@code spring.task.execution.propagate-context} applies);</li>
 * <li>on a JDK {@link ThreadPoolExecutor}: {@code jdkPoolRaw}, {@code jdkPoolStarter}
 * (the post-processor's proxy) and {@code jdkPoolContextExecutorService}
 * ({@link ContextExecutorService#wrap(ExecutorService)}).</li>
 * </ul>
 * The hand-off's own cost without the thread switch, whose wake-up dominates a round trip
 * and varies far more than the hand-off: {@code capture*} wraps the task on the
 * submitting thread (what happens at submission), {@code run*} runs a task captured there
 * on a thread that holds no context, as a pool's worker does ({@link Worker}: the values
 * are set, the task runs, the thread's own values come back). {@code runNone} is the task
 * alone. {@code ContextSnapshot} is what {@code ContextExecutorService} takes per task.
 * <p>
 * Each setup fails unless every carrying variant shows the task the submitter's trace id
 * in the MDC, its application MDC key, its span and its observation (and the raw
 * executors none of it), and the worker thread is clean again after each run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class AsyncHandOffBenchmark {

	static final Runnable TASK = AsyncHandOffBenchmark::work;

	// a round trip varies far more between iterations than the rest: more of them, for a
	// median
	static final int ROUND_TRIP_ITERATIONS = 10;

	private static volatile int sink;

	@Benchmark
	@Measurement(iterations = ROUND_TRIP_ITERATIONS, time = 1, timeUnit = TimeUnit.SECONDS)
	public Object taskExecutorRaw(Submitter submitter) throws Exception {
		return submitter.taskExecutorRaw.submit(TASK).get();
	}

	@Benchmark
	@Measurement(iterations = ROUND_TRIP_ITERATIONS, time = 1, timeUnit = TimeUnit.SECONDS)
	public Object taskExecutorStarter(Submitter submitter) throws Exception {
		return submitter.taskExecutorStarter.submit(TASK).get();
	}

	@Benchmark
	@Measurement(iterations = ROUND_TRIP_ITERATIONS, time = 1, timeUnit = TimeUnit.SECONDS)
	public Object taskExecutorSpringDecorator(Submitter submitter) throws Exception {
		return submitter.taskExecutorSpringDecorator.submit(TASK).get();
	}

	@Benchmark
	@Measurement(iterations = ROUND_TRIP_ITERATIONS, time = 1, timeUnit = TimeUnit.SECONDS)
	public Object jdkPoolRaw(Submitter submitter) throws Exception {
		return submitter.jdkPoolRaw.submit(TASK).get();
	}

	@Benchmark
	@Measurement(iterations = ROUND_TRIP_ITERATIONS, time = 1, timeUnit = TimeUnit.SECONDS)
	public Object jdkPoolStarter(Submitter submitter) throws Exception {
		return submitter.jdkPoolStarter.submit(TASK).get();
	}

	@Benchmark
	@Measurement(iterations = ROUND_TRIP_ITERATIONS, time = 1, timeUnit = TimeUnit.SECONDS)
	public Object jdkPoolContextExecutorService(Submitter submitter) throws Exception {
		return submitter.jdkPoolContextExecutorService.submit(TASK).get();
	}

	@Benchmark
	public Runnable captureStarter(Submitter submitter) {
		return submitter.starterDecorator.decorate(TASK);
	}

	@Benchmark
	public Runnable captureSpringDecorator(Submitter submitter) {
		return submitter.springDecorator.decorate(TASK);
	}

	@Benchmark
	public Runnable captureContextSnapshot(Submitter submitter) {
		return submitter.snapshots.captureAll().wrap(TASK);
	}

	@Benchmark
	public void runNone() {
		TASK.run();
	}

	@Benchmark
	public void runStarter(Worker worker) {
		worker.starter.run();
	}

	@Benchmark
	public void runSpringDecorator(Worker worker) {
		worker.springDecorator.run();
	}

	@Benchmark
	public void runContextSnapshot(Worker worker) {
		worker.contextSnapshot.run();
	}

	private static void work() {
		sink++;
	}

	/** A request thread: tracing entered, and the executors it submits to. */
	@State(Scope.Thread)
	public static class Submitter {

		BootTracing tracing;

		ThreadPoolTaskExecutor taskExecutorRaw;

		ThreadPoolTaskExecutor taskExecutorStarter;

		ThreadPoolTaskExecutor taskExecutorSpringDecorator;

		ThreadPoolExecutor jdkPoolRaw;

		ExecutorService jdkPoolStarter;

		ExecutorService jdkPoolContextExecutorService;

		TaskDecorator starterDecorator;

		final TaskDecorator springDecorator = new ContextPropagatingTaskDecorator();

		final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			this.tracing = BootTracing.start();
			ExecutorContextPostProcessor postProcessor = this.tracing.bean(ExecutorContextPostProcessor.class);
			this.starterDecorator = this.tracing.bean(ContextHandOff.class).asTaskDecorator();
			this.taskExecutorRaw = taskExecutor(null);
			this.taskExecutorStarter = (ThreadPoolTaskExecutor) postProcessor
				.postProcessAfterInitialization(taskExecutor(null), "starterTaskExecutor");
			this.taskExecutorSpringDecorator = taskExecutor(this.springDecorator);
			this.jdkPoolRaw = jdkPool();
			this.jdkPoolStarter = (ExecutorService) postProcessor.postProcessAfterInitialization(jdkPool(),
					"starterJdkPool");
			this.jdkPoolContextExecutorService = ContextExecutorService.wrap(jdkPool());
			String traceId = this.tracing.enter();
			Callable<String> probe = probe(this.tracing);
			String carried = carried(traceId);
			expect("taskExecutorStarter", this.taskExecutorStarter.submit(probe), carried);
			expect("taskExecutorSpringDecorator", this.taskExecutorSpringDecorator.submit(probe), carried);
			expect("jdkPoolStarter", this.jdkPoolStarter.submit(probe), carried);
			expect("jdkPoolContextExecutorService", this.jdkPoolContextExecutorService.submit(probe), carried);
			// the raw ones must not carry anything, or the comparison means nothing
			expect("taskExecutorRaw", this.taskExecutorRaw.submit(probe), NOTHING);
			expect("jdkPoolRaw", this.jdkPoolRaw.submit(probe), NOTHING);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.tracing.exit();
			this.taskExecutorRaw.shutdown();
			this.taskExecutorStarter.shutdown();
			this.taskExecutorSpringDecorator.shutdown();
			this.jdkPoolRaw.shutdownNow();
			this.jdkPoolStarter.shutdownNow();
			this.jdkPoolContextExecutorService.shutdownNow();
			this.tracing.close();
		}

	}

	/**
	 * A pool's worker thread: holds no context, and runs tasks captured on a request
	 * thread (here, on the same thread before it left its context; a captured task can
	 * run again).
	 */
	@State(Scope.Thread)
	public static class Worker {

		BootTracing tracing;

		Runnable starter;

		Runnable springDecorator;

		Runnable contextSnapshot;

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			this.tracing = BootTracing.start();
			TaskDecorator starterDecorator = this.tracing.bean(ContextHandOff.class).asTaskDecorator();
			TaskDecorator spring = new ContextPropagatingTaskDecorator();
			ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
			String traceId = this.tracing.enter();
			this.starter = starterDecorator.decorate(TASK);
			this.springDecorator = spring.decorate(TASK);
			this.contextSnapshot = snapshots.captureAll().wrap(TASK);
			Callable<String> probe = probe(this.tracing);
			String[] seen = new String[1];
			Runnable probing = () -> seen[0] = call(probe);
			Runnable starterProbe = starterDecorator.decorate(probing);
			Runnable springProbe = spring.decorate(probing);
			Runnable snapshotProbe = snapshots.captureAll().wrap(probing);
			this.tracing.leave();
			expect("clean worker", call(probe), NOTHING);
			String carried = carried(traceId);
			for (Runnable variant : new Runnable[] { starterProbe, springProbe, snapshotProbe }) {
				variant.run();
				expect("worker run of " + variant, seen[0], carried);
				expect("worker after " + variant, call(probe), NOTHING);
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.tracing.exit();
			this.tracing.close();
		}

	}

	static final String NOTHING = "- - - -";

	static String carried(String traceId) {
		return traceId + " alice " + traceId + " observation";
	}

	// trace id in the MDC, application key, current span's trace id, current observation
	static Callable<String> probe(BootTracing tracing) {
		Tracer tracer = tracing.tracer();
		ObservationRegistry observations = tracing.observations();
		return () -> {
			Span span = tracer.currentSpan();
			return Objects.toString(MDC.get("traceId"), "-") + " "
					+ Objects.toString(MDC.get(BootTracing.USER_KEY), "-") + " "
					+ ((span != null) ? span.context().traceId() : "-") + " "
					+ ((observations.getCurrentObservation() != null) ? "observation" : "-");
		};
	}

	static String call(Callable<String> probe) {
		try {
			return probe.call();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static ThreadPoolTaskExecutor taskExecutor(TaskDecorator decorator) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		if (decorator != null) {
			executor.setTaskDecorator(decorator);
		}
		executor.initialize();
		return executor;
	}

	static ThreadPoolExecutor jdkPool() {
		return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
	}

	static void expect(String variant, Future<String> seen, String expected) throws Exception {
		expect(variant, seen.get(10, TimeUnit.SECONDS), expected);
	}

	static void expect(String variant, String seen, String expected) {
		if (!expected.equals(seen)) {
			throw new IllegalStateException(variant + ": the task saw '" + seen + "', expected '" + expected + "'");
		}
	}

}
