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
 * Round trip (submit a trivial task to a one-thread pool, wait for it):
 * <ul>
 * <li>on a {@link ThreadPoolTaskExecutor}: {@code taskExecutorRaw} without a decorator,
 * {@code taskExecutorStarter} decorated by the starter's {@link ExecutorContextPostProcessor}
 * (as it does to an executor bean), {@code taskExecutorSpringDecorator} with Spring's
 * {@link ContextPropagatingTaskDecorator} (what {@code spring.task.execution.propagate-context}
 * applies);</li>
 * <li>on a JDK {@link ThreadPoolExecutor}: {@code jdkPoolRaw}, {@code jdkPoolStarter} (the
 * post-processor's proxy) and {@code jdkPoolContextExecutorService}
 * ({@link ContextExecutorService#wrap(ExecutorService)}).</li>
 * </ul>
 * Wrap and run on the calling thread, without any thread switch (the capture/restore cost
 * alone): {@code wrapRunNone} (the task alone), {@code wrapRunStarter},
 * {@code wrapRunSpringDecorator}, {@code wrapRunContextSnapshot} (what
 * {@code ContextExecutorService} does per task).
 * <p>
 * The setup fails unless every carrying variant shows the task the submitter's trace id in
 * the MDC, its application MDC key, its span and its observation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class AsyncHandOffBenchmark {

	private static final Runnable TASK = AsyncHandOffBenchmark::work;

	private static volatile int sink;

	private BootTracing tracing;

	private ThreadPoolTaskExecutor taskExecutorRaw;

	private ThreadPoolTaskExecutor taskExecutorStarter;

	private ThreadPoolTaskExecutor taskExecutorSpringDecorator;

	private ThreadPoolExecutor jdkPoolRaw;

	private ExecutorService jdkPoolStarter;

	private ExecutorService jdkPoolContextExecutorService;

	private TaskDecorator starterDecorator;

	private final TaskDecorator springDecorator = new ContextPropagatingTaskDecorator();

	private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

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
		Tracer tracer = this.tracing.tracer();
		ObservationRegistry observations = this.tracing.observations();
		Callable<String> probe = () -> seen(tracer, observations);
		String carried = traceId + " alice " + traceId + " observation";
		expect("taskExecutorStarter", this.taskExecutorStarter.submit(probe), carried);
		expect("taskExecutorSpringDecorator", this.taskExecutorSpringDecorator.submit(probe), carried);
		expect("jdkPoolStarter", this.jdkPoolStarter.submit(probe), carried);
		expect("jdkPoolContextExecutorService", this.jdkPoolContextExecutorService.submit(probe), carried);
		expect("wrapRunStarter", run(this.starterDecorator, probe), carried);
		expect("wrapRunSpringDecorator", run(this.springDecorator, probe), carried);
		// the raw ones must not carry anything, or the comparison means nothing
		expect("taskExecutorRaw", this.taskExecutorRaw.submit(probe), "- - - -");
		expect("jdkPoolRaw", this.jdkPoolRaw.submit(probe), "- - - -");
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

	@Benchmark
	public Object taskExecutorRaw() throws Exception {
		return this.taskExecutorRaw.submit(TASK).get();
	}

	@Benchmark
	public Object taskExecutorStarter() throws Exception {
		return this.taskExecutorStarter.submit(TASK).get();
	}

	@Benchmark
	public Object taskExecutorSpringDecorator() throws Exception {
		return this.taskExecutorSpringDecorator.submit(TASK).get();
	}

	@Benchmark
	public Object jdkPoolRaw() throws Exception {
		return this.jdkPoolRaw.submit(TASK).get();
	}

	@Benchmark
	public Object jdkPoolStarter() throws Exception {
		return this.jdkPoolStarter.submit(TASK).get();
	}

	@Benchmark
	public Object jdkPoolContextExecutorService() throws Exception {
		return this.jdkPoolContextExecutorService.submit(TASK).get();
	}

	@Benchmark
	public void wrapRunNone() {
		TASK.run();
	}

	@Benchmark
	public void wrapRunStarter() {
		this.starterDecorator.decorate(TASK).run();
	}

	@Benchmark
	public void wrapRunSpringDecorator() {
		this.springDecorator.decorate(TASK).run();
	}

	@Benchmark
	public void wrapRunContextSnapshot() {
		this.snapshots.captureAll().wrap(TASK).run();
	}

	private static void work() {
		sink++;
	}

	private static ThreadPoolTaskExecutor taskExecutor(TaskDecorator decorator) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		if (decorator != null) {
			executor.setTaskDecorator(decorator);
		}
		executor.initialize();
		return executor;
	}

	private static ThreadPoolExecutor jdkPool() {
		return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
	}

	// trace id in the MDC, application key, current span's trace id, current observation
	private static String seen(Tracer tracer, ObservationRegistry observations) {
		Span span = tracer.currentSpan();
		return Objects.toString(MDC.get("traceId"), "-") + " " + Objects.toString(MDC.get(BootTracing.USER_KEY), "-")
				+ " " + ((span != null) ? span.context().traceId() : "-") + " "
				+ ((observations.getCurrentObservation() != null) ? "observation" : "-");
	}

	private static String run(TaskDecorator decorator, Callable<String> probe) {
		String[] seen = new String[1];
		decorator.decorate(() -> {
			try {
				seen[0] = probe.call();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}).run();
		return seen[0];
	}

	private static void expect(String variant, Future<String> seen, String expected) throws Exception {
		expect(variant, seen.get(10, TimeUnit.SECONDS), expected);
	}

	private static void expect(String variant, String seen, String expected) {
		if (!expected.equals(seen)) {
			throw new IllegalStateException(variant + ": the task saw '" + seen + "', expected '" + expected + "'");
		}
	}

}
