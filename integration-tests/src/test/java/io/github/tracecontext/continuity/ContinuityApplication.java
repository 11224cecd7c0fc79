package io.github.tracecontext.continuity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.tracecontext.task.TracedTasks;
import io.micrometer.tracing.Baggage;
import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application behind the async continuity matrix: one endpoint that hands a recording
 * task across a chosen boundary and answers with what the task saw on its worker thread.
 * Every executor here is made the way users make them (mostly with {@code new}); nothing
 * in it is trace-specific except the recording itself. Kept out of
 * {@code io.github.tracecontext.it} so that neither application scans the other's beans.
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class ContinuityApplication {

	static final String TAG_KEY = "requestTag";

	static final String BAGGAGE_FIELD = "tenant";

	@Bean
	WorkerHygiene workerHygiene(Tracer tracer) {
		WorkerHygiene hygiene = new WorkerHygiene(tracer);
		hygiene.registerRawPool("commonPool", ForkJoinPool.commonPool(), ForkJoinPool.getCommonPoolParallelism(),
				false);
		return hygiene;
	}

	/**
	 * {@code @Async("userPool")}: a {@code ThreadPoolTaskExecutor} made with {@code new}.
	 */
	@Bean
	WorkerHygiene.ProbedThreadPoolTaskExecutor userPool(WorkerHygiene hygiene) {
		WorkerHygiene.ProbedThreadPoolTaskExecutor pool = new WorkerHygiene.ProbedThreadPoolTaskExecutor("userPool",
				hygiene);
		pool.setCorePoolSize(3);
		pool.setMaxPoolSize(3);
		pool.setThreadNamePrefix("userPool-");
		return pool; // initialized by Spring (InitializingBean)
	}

	/** A plain JDK pool: the starter can only proxy it by its interfaces. */
	@Bean
	ExecutorService userExecutorService(WorkerHygiene hygiene) {
		ExecutorService pool = Executors.newFixedThreadPool(3);
		hygiene.registerRawPool("userExecutorService", pool, 3, false);
		return pool;
	}

	@Bean
	ScheduledExecutorService userScheduledExecutor(WorkerHygiene hygiene) {
		ScheduledExecutorService pool = Executors.newScheduledThreadPool(2);
		hygiene.registerRawPool("userScheduledExecutor", pool, 2, false);
		return pool;
	}

	/** Also the only {@code TaskScheduler}, so {@code @Scheduled} runs on it too. */
	@Bean
	WorkerHygiene.ProbedThreadPoolTaskScheduler userScheduler(WorkerHygiene hygiene) {
		WorkerHygiene.ProbedThreadPoolTaskScheduler scheduler = new WorkerHygiene.ProbedThreadPoolTaskScheduler(
				"userScheduler", hygiene);
		scheduler.setPoolSize(2);
		scheduler.setThreadNamePrefix("userScheduler-");
		// one-shot failures reach the caller's future instead of being logged
		scheduler.setErrorHandler(ReflectionUtils::rethrowRuntimeException);
		return scheduler;
	}

	@Bean
	SimpleAsyncTaskExecutor simpleExecutor() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("simple-");
		executor.setConcurrencyLimit(4);
		executor.setThreadFactory(new WorkerHygiene.WorkerMdcThreadFactory("simple-"));
		return executor;
	}

	@Bean
	ConcurrentTaskExecutor concurrentExecutor(WorkerHygiene hygiene) {
		ExecutorService pool = Executors.newFixedThreadPool(2, new WorkerHygiene.WorkerMdcThreadFactory("concurrent-"));
		hygiene.registerRawPool("concurrentExecutor", pool, 2, true);
		return new ConcurrentTaskExecutor(pool);
	}

	/** A final class that is only an {@code Executor}: the interface proxy path. */
	@Bean
	Executor plainExecutor(WorkerHygiene hygiene) {
		return new PlainExecutor(new WorkerHygiene.ProbedThreadPoolExecutor("plainExecutor", 2, hygiene));
	}

	/** A public {@code ThreadPoolExecutor} subclass: the class proxy path. */
	@Bean
	WorkerHygiene.ProbedThreadPoolExecutor probedPool(WorkerHygiene hygiene) {
		return new WorkerHygiene.ProbedThreadPoolExecutor("probedPool", 3, hygiene);
	}

	/** An executor that is nothing but an {@code Executor}, and a final class. */
	static final class PlainExecutor implements Executor {

		private final Executor delegate;

		PlainExecutor(Executor delegate) {
			this.delegate = delegate;
		}

		@Override
		public void execute(Runnable command) {
			this.delegate.execute(command);
		}

	}

	/**
	 * What a task saw on the thread it ran on; {@code null} values are sent as "none".
	 */
	record Hop(String stage, String tracerTraceId, String tracerSpanId, String mdcTraceId, String mdcTag,
			String baggage, String workerMdc, String thread, long threadId, boolean virtual) {

		static final String NONE = "none";

		String line() {
			return String.join("|", "hop", this.stage, orNone(this.tracerTraceId), orNone(this.tracerSpanId),
					orNone(this.mdcTraceId), orNone(this.mdcTag), orNone(this.baggage), orNone(this.workerMdc),
					this.thread.replace('|', '_'), Long.toString(this.threadId), Boolean.toString(this.virtual));
		}

		static Hop parse(String line) {
			String[] f = line.split("\\|", -1);
			if (f.length != 11 || !f[0].equals("hop")) {
				throw new IllegalArgumentException("not a hop line: " + line);
			}
			return new Hop(f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], Long.parseLong(f[9]),
					Boolean.parseBoolean(f[10]));
		}

		private static String orNone(String value) {
			return (value != null) ? value : NONE;
		}

	}

	/** Reads the context of the current thread. */
	@Component
	static class Recorder {

		private final Tracer tracer;

		Recorder(Tracer tracer) {
			this.tracer = tracer;
		}

		Hop record(String stage) {
			Span span = this.tracer.currentSpan();
			Thread thread = Thread.currentThread();
			return new Hop(stage, (span != null) ? span.context().traceId() : null,
					(span != null) ? span.context().spanId() : null, MDC.get("traceId"), MDC.get(TAG_KEY),
					baggage(this.tracer), MDC.get(WorkerHygiene.WORKER_KEY), thread.getName(), thread.getId(),
					WorkerHygiene.isVirtual(thread));
		}

		static String baggage(Tracer tracer) {
			Baggage baggage = tracer.getBaggage(BAGGAGE_FIELD);
			return (baggage != null) ? baggage.get() : null;
		}

		Task task(String stage, boolean fail) {
			return new Task(this, stage, fail);
		}

	}

	/**
	 * The unit of work handed across a boundary: records, then (when asked to) leaves an
	 * MDC key behind and throws, so the worker's clean-up on the failure path is tested.
	 */
	static final class Task implements java.util.concurrent.Callable<Hop>, Supplier<Hop> {

		private final Recorder recorder;

		private final String stage;

		private final boolean fail;

		Task(Recorder recorder, String stage, boolean fail) {
			this.recorder = recorder;
			this.stage = stage;
			this.fail = fail;
		}

		@Override
		public Hop call() {
			Hop hop = this.recorder.record(this.stage);
			if (this.fail) {
				MDC.put("leftover", String.valueOf(hop.mdcTag()));
				throw new IllegalStateException("planned failure " + hop.mdcTag());
			}
			return hop;
		}

		@Override
		public Hop get() {
			return call();
		}

		/**
		 * A runnable for the APIs that only take one; the result goes to {@code result}.
		 */
		Runnable completing(CompletableFuture<Hop> result) {
			return () -> {
				try {
					result.complete(call());
				}
				catch (RuntimeException ex) {
					result.completeExceptionally(ex);
					throw ex;
				}
			};
		}

	}

	@Service
	static class AsyncHops {

		@Async
		CompletableFuture<Hop> onApplicationTaskExecutor(Task task) {
			return CompletableFuture.completedFuture(task.call());
		}

		@Async("userPool")
		CompletableFuture<Hop> onUserPool(Task task) {
			return CompletableFuture.completedFuture(task.call());
		}

	}

	/** A recurring job: each run must get a trace of its own, never a request's. */
	@Component
	static class ScheduledProbe {

		private static final Logger log = LoggerFactory.getLogger(ScheduledProbe.class);

		private static final int MAX_RUNS = 5_000;

		private final Tracer tracer;

		private final List<Run> runs = new ArrayList<>();

		ScheduledProbe(Tracer tracer) {
			this.tracer = tracer;
		}

		@Scheduled(fixedDelay = 50)
		void tick() {
			log.debug("scheduled tick");
			Span span = this.tracer.currentSpan();
			Run run = new Run((span != null) ? span.context().traceId() : Hop.NONE, String.valueOf(MDC.get("traceId")),
					MDC.get(TAG_KEY), Thread.currentThread().getName());
			synchronized (this.runs) {
				if (this.runs.size() < MAX_RUNS) {
					this.runs.add(run);
				}
			}
		}

		List<Run> runs() {
			synchronized (this.runs) {
				return List.copyOf(this.runs);
			}
		}

		record Run(String tracerTraceId, String mdcTraceId, String mdcTag, String thread) {
		}

	}

	@RestController
	static class HopController {

		private static final long WAIT_SECONDS = 10;

		private final Recorder recorder;

		private final Tracer tracer;

		private final AsyncHops asyncHops;

		private final ApplicationContext context;

		private final ScheduledExecutorService scheduledExecutor;

		private final ThreadPoolTaskScheduler scheduler;

		private final SimpleAsyncTaskExecutor simpleExecutor;

		private final ConcurrentTaskExecutor concurrentExecutor;

		private final Executor plainExecutor;

		HopController(Recorder recorder, Tracer tracer, AsyncHops asyncHops, ApplicationContext context,
				@Qualifier("userScheduledExecutor") ScheduledExecutorService scheduledExecutor,
				@Qualifier("userScheduler") ThreadPoolTaskScheduler scheduler,
				@Qualifier("simpleExecutor") SimpleAsyncTaskExecutor simpleExecutor,
				@Qualifier("concurrentExecutor") ConcurrentTaskExecutor concurrentExecutor,
				@Qualifier("plainExecutor") Executor plainExecutor) {
			this.recorder = recorder;
			this.tracer = tracer;
			this.asyncHops = asyncHops;
			this.context = context;
			this.scheduledExecutor = scheduledExecutor;
			this.scheduler = scheduler;
			this.simpleExecutor = simpleExecutor;
			this.concurrentExecutor = concurrentExecutor;
			this.plainExecutor = plainExecutor;
		}

		/**
		 * Answers {@code handler|<thread id>|<span id at submission>} then one
		 * {@code hop|...} line per stage, or {@code failed|<message>} when the task
		 * threw.
		 */
		@GetMapping(path = "/hop/{boundary}", produces = "text/plain")
		String hop(@PathVariable String boundary, @RequestParam String tag,
				@RequestParam(defaultValue = "userExecutorService") String via,
				@RequestParam(defaultValue = "false") boolean fail) throws Exception {
			MDC.put(TAG_KEY, tag);
			try {
				return run(boundary, via, tag, fail);
			}
			catch (ExecutionException ex) {
				return "failed|" + ex.getCause().getMessage();
			}
			finally {
				MDC.remove(TAG_KEY);
			}
		}

		private String run(String boundary, String via, String tag, boolean fail) throws Exception {
			Task task = this.recorder.task(boundary, fail);
			return switch (boundary) {
				case "async-default" -> answer(this.asyncHops.onApplicationTaskExecutor(task));
				case "async-user-pool" -> answer(this.asyncHops.onUserPool(task));
				case "execute" -> answer(executorService(via).submit((java.util.concurrent.Callable<Hop>) task));
				case "scheduled-executor" -> answer(this.scheduledExecutor
					.schedule((java.util.concurrent.Callable<Hop>) task, 1, TimeUnit.MILLISECONDS));
				case "task-scheduler" -> {
					CompletableFuture<Hop> result = new CompletableFuture<>();
					this.scheduler.schedule(task.completing(result), Instant.now());
					yield answer(result);
				}
				case "simple" ->
					answer(this.simpleExecutor.submitCompletable((java.util.concurrent.Callable<Hop>) task));
				case "concurrent" ->
					answer(this.concurrentExecutor.submitCompletable((java.util.concurrent.Callable<Hop>) task));
				case "completable-chain" -> {
					ExecutorService executor = executorService(via);
					Task second = this.recorder.task(boundary + "-then", false);
					CompletableFuture<List<Hop>> chain = CompletableFuture.supplyAsync((Supplier<Hop>) task, executor)
						.thenApplyAsync((first) -> List.of(first, second.call()), executor);
					yield answerAll(chain);
				}
				case "tracer-span" -> {
					Span manual = this.tracer.nextSpan().name("manual").start();
					try (Tracer.SpanInScope scope = this.tracer.withSpan(manual)) {
						yield answer(executorService(via).submit((java.util.concurrent.Callable<Hop>) task));
					}
					finally {
						manual.end();
					}
				}
				case "baggage" -> {
					try (BaggageInScope baggage = this.tracer.createBaggageInScope(BAGGAGE_FIELD, tag)) {
						yield answer(executorService(via).submit((java.util.concurrent.Callable<Hop>) task));
					}
				}
				// the common pool named explicitly: with fewer than 3 CPUs
				// supplyAsync(supplier)
				// alone uses a new thread per task instead
				case "traced-supplier" -> answer(CompletableFuture
					.supplyAsync(TracedTasks.supplier((Supplier<Hop>) task), ForkJoinPool.commonPool()));
				case "traced-thread" -> {
					CompletableFuture<Hop> result = new CompletableFuture<>();
					Thread thread = new Thread(TracedTasks.runnable(task.completing(result)), "traced-thread-" + tag);
					thread.setDaemon(true);
					thread.setUncaughtExceptionHandler((t, ex) -> {
					});
					thread.start();
					yield answer(result);
				}
				case "plain-executor" -> {
					CompletableFuture<Hop> result = new CompletableFuture<>();
					this.plainExecutor.execute(task.completing(result));
					yield answer(result);
				}
				default -> throw new IllegalArgumentException("unknown boundary " + boundary);
			};
		}

		private ExecutorService executorService(String name) {
			return this.context.getBean(name, ExecutorService.class);
		}

		// Called while the submitting context is still current: the span it names is the
		// one the task should see.
		private String answer(Future<Hop> hop) throws Exception {
			String header = header();
			return header + "\n" + get(hop).line();
		}

		private String answerAll(Future<List<Hop>> hops) throws Exception {
			String header = header();
			StringBuilder answer = new StringBuilder(header);
			for (Hop hop : get(hops)) {
				answer.append('\n').append(hop.line());
			}
			return answer.toString();
		}

		private String header() {
			Span span = this.tracer.currentSpan();
			return "handler|" + Thread.currentThread().getId() + "|"
					+ ((span != null) ? span.context().spanId() : Hop.NONE);
		}

		private static <T> T get(Future<T> future) throws ExecutionException, InterruptedException {
			try {
				return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
			}
			catch (TimeoutException ex) {
				future.cancel(true);
				throw new IllegalStateException("task did not finish in " + WAIT_SECONDS + "s", ex);
			}
		}

	}

}
