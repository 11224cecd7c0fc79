package io.github.tracecontext.continuity;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

import io.github.tracecontext.continuity.ContinuityApplication.ScheduledProbe;
import io.github.tracecontext.continuity.ContinuityMatrix.Expect;
import io.github.tracecontext.continuity.ContinuityMatrix.Row;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.task.ContextHandOff;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The async continuity matrix over real HTTP into embedded Tomcat: for every kind of
 * hand-off an application makes (one row each), 200 concurrent requests, each with its
 * own incoming trace and MDC tag, and every task must see exactly its own request's trace
 * (in the tracer and in the MDC), span, tag and baggage, and nothing of any other
 * request. Workers must be left exactly as they were, also after tasks that throw, and a
 * recurring {@code @Scheduled} job must get a fresh trace per run.
 */
@SpringBootTest(classes = ContinuityApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"management.tracing.baggage.remote-fields=" + ContinuityApplication.BAGGAGE_FIELD,
				// the user executors below would make Boot back off from
				// applicationTaskExecutor
				"spring.task.execution.mode=force", "spring.task.execution.pool.core-size=3",
				"spring.task.execution.thread-name-prefix=app-task-" })
@AutoConfigureTracing
// Closed afterwards: Boot hands every live context's tracing events (and so MDC writes)
// to
// every thread in the JVM, and this context's MDC keys must not show up in other classes'
// apps.
@DirtiesContext
class AsyncContinuityTests {

	private static final int FAILING_REQUESTS = 5;

	@LocalServerPort
	int port;

	@Autowired
	WorkerHygiene hygiene;

	@Autowired
	ScheduledProbe scheduled;

	@Autowired
	PropagationCounters counters;

	@Test
	void everyBoundaryCarriesItsOwnRequestsContextAndNothingElse() throws Exception {
		ContinuityMatrix matrix = new ContinuityMatrix(this.port, this.counters::handOffsWithContext);
		List<String> failing = new ArrayList<>();
		row(matrix, failing, "@Async (applicationTaskExecutor)", "async-default", "-", Expect.single());
		row(matrix, failing, "@Async(\"userPool\") new ThreadPoolTaskExecutor", "async-user-pool", "-",
				Expect.single());
		row(matrix, failing, "ExecutorService newFixedThreadPool(3)", "execute", "userExecutorService",
				Expect.single());
		row(matrix, failing, "ScheduledExecutorService.schedule(callable)", "scheduled-executor", "-", Expect.single());
		row(matrix, failing, "new ThreadPoolTaskScheduler.schedule(Instant)", "task-scheduler", "-", Expect.single());
		row(matrix, failing, "new SimpleAsyncTaskExecutor (limit 4)", "simple", "-", Expect.single());
		row(matrix, failing, "ConcurrentTaskExecutor(newFixedThreadPool(2))", "concurrent", "-", Expect.single());
		row(matrix, failing, "supplyAsync+thenApplyAsync on ExecutorService", "completable-chain",
				"userExecutorService", Expect.chained());
		row(matrix, failing, "Tracer.nextSpan()+withSpan on ExecutorService", "tracer-span", "userExecutorService",
				Expect.single());
		row(matrix, failing, "baggage on ExecutorService", "baggage", "userExecutorService", Expect.withBaggage());
		row(matrix, failing, "TracedTasks.supplier + supplyAsync(commonPool)", "traced-supplier", "-", Expect.single());
		row(matrix, failing, "TracedTasks.runnable + new Thread", "traced-thread", "-", Expect.single());
		row(matrix, failing, "plain Executor bean (interface proxy)", "plain-executor", "-", Expect.single());
		row(matrix, failing, "ThreadPoolExecutor subclass bean (class proxy)", "execute", "probedPool",
				Expect.single());
		System.out.println();
		System.out.println("Async continuity (platform threads)");
		System.out.print(matrix.table());

		SoftAssertions softly = new SoftAssertions();
		assertRows(softly, matrix.rows());
		softly.assertThat(failing).as("tasks that throw: each request gets its own task's failure").isEmpty();
		assertWorkersClean(softly);
		assertScheduledRunsHaveTracesOfTheirOwn(softly, matrix.traceIds());
		softly.assertAll();
	}

	/** The rows above go down the paths they are named after. */
	@Test
	void eachRowExercisesTheExecutorKindItNames(@Autowired @Qualifier("applicationTaskExecutor") Executor application,
			@Autowired @Qualifier("userPool") Executor userPool,
			@Autowired @Qualifier("userExecutorService") ExecutorService userExecutorService,
			@Autowired @Qualifier("userScheduledExecutor") ScheduledExecutorService scheduledExecutor,
			@Autowired @Qualifier("userScheduler") Executor scheduler,
			@Autowired @Qualifier("simpleExecutor") Executor simple,
			@Autowired @Qualifier("concurrentExecutor") Executor concurrent,
			@Autowired @Qualifier("plainExecutor") Executor plain,
			@Autowired @Qualifier("probedPool") Executor probed) {
		assertThat(application).isInstanceOf(ThreadPoolTaskExecutor.class);
		// Boot's builder applied Spring's decorator
		// (spring.task.execution.propagate-context, defaulted by the starter)
		assertThat(decoratorParts(application)).hasAtLeastOneElementOfType(ContextPropagatingTaskDecorator.class);
		assertThat(((ThreadPoolTaskExecutor) application).getThreadNamePrefix()).isEqualTo("app-task-");
		assertThat(AopUtils.isAopProxy(userPool)).isFalse();
		assertThat(userPool).isInstanceOf(WorkerHygiene.ProbedThreadPoolTaskExecutor.class);
		assertThat(AopUtils.isAopProxy(scheduler)).isFalse();
		assertThat(decoratorParts(scheduler)).singleElement()
			.satisfies((decorator) -> assertThat(decorator.getClass().getEnclosingClass())
				.isEqualTo(ContextHandOff.class));
		assertThat(AopUtils.isAopProxy(simple)).isFalse();
		assertThat(simple).isInstanceOf(SimpleAsyncTaskExecutor.class);
		assertThat(AopUtils.isAopProxy(concurrent)).isFalse();
		assertThat(concurrent).isInstanceOf(ConcurrentTaskExecutor.class);
		assertThat(AopUtils.isJdkDynamicProxy(userExecutorService)).isTrue();
		assertThat(AopUtils.isJdkDynamicProxy(scheduledExecutor)).isTrue();
		assertThat(AopUtils.isJdkDynamicProxy(plain)).isTrue();
		assertThat(AopUtils.isCglibProxy(probed)).isTrue();
		assertThat(probed).isInstanceOf(WorkerHygiene.ProbedThreadPoolExecutor.class);
	}

	/**
	 * Each task handed to a builder-made executor is captured, restored and counted once:
	 * Boot's builder applies Spring's {@code ContextPropagatingTaskDecorator} alone, and
	 * the starter adds no second decorator (no {@code TaskDecorator} bean of its own).
	 */
	@Test
	void builderMadeExecutorHandsEachTaskOffOnce(@Autowired @Qualifier("applicationTaskExecutor") Executor application)
			throws Exception {
		assertThat(decoratorParts(application)).as("task decorators on applicationTaskExecutor")
			.hasSize(1)
			.hasOnlyElementsOfType(ContextPropagatingTaskDecorator.class);
		ContinuityMatrix matrix = new ContinuityMatrix(this.port, this.counters::handOffsWithContext);
		Row row = matrix.run("@Async (applicationTaskExecutor)", "async-default", "-", Expect.single(), 50);
		assertThat(row.retained()).isEqualTo(50);
		assertThat(row.handOffsCounted()).as("hand-offs counted for 50 tasks").isEqualTo(50);
	}

	static List<Object> decoratorParts(Object executor) {
		Object decorator = ReflectionTestUtils.getField(executor, "taskDecorator");
		if (decorator instanceof CompositeTaskDecorator) {
			return List.copyOf((List<?>) ReflectionTestUtils.getField(decorator, "taskDecorators"));
		}
		return (decorator != null) ? List.of(decorator) : List.of();
	}

	private static void row(ContinuityMatrix matrix, List<String> failing, String label, String boundary, String via,
			Expect expect) throws Exception {
		matrix.run(label, boundary, via, expect);
		failing.addAll(matrix.runFailing(boundary, via, FAILING_REQUESTS));
	}

	static void assertRows(SoftAssertions softly, List<Row> rows) {
		for (Row row : rows) {
			softly.assertThat(row.requests()).as(row.label() + ": requests").isPositive();
			softly.assertThat(row.retained())
				.as(row.label() + ": retained, samples " + row.samples())
				.isEqualTo(row.requests());
			softly.assertThat(row.crossTalk()).as(row.label() + ": cross-talk, samples " + row.samples()).isZero();
			softly.assertThat(row.inline()).as(row.label() + ": hops that ran on the request thread").isZero();
			softly.assertThat(row.workerMdcSeen()).as(row.label() + ": hops that saw the worker's own MDC").isZero();
			if (row.handOffsCounted() >= 0) {
				// exactly once per hop is expected, but see
				// builderMadeExecutorHandsEachTaskOffOnce
				softly.assertThat(row.handOffsCounted())
					.as(row.label() + ": hand-offs counted by the starter")
					.isGreaterThanOrEqualTo(row.hops());
			}
		}
	}

	private void assertWorkersClean(SoftAssertions softly) throws Exception {
		// worker hooks ran (before and after every task, including the failing ones)...
		for (String pool : List.of("userPool", "userScheduler", "plainExecutor", "probedPool")) {
			softly.assertThat(this.hygiene.checks(pool))
				.as(pool + " hook checks")
				.isGreaterThanOrEqualTo(2 * (ContinuityMatrix.REQUESTS + FAILING_REQUESTS));
		}
		// ...and each raw pool's workers, probed all at once past the proxy
		for (String pool : this.hygiene.rawPools()) {
			int before = this.hygiene.checks(pool);
			int workers = this.hygiene.probe(pool);
			softly.assertThat(this.hygiene.checks(pool) - before).as(pool + " probes").isEqualTo(workers);
			softly.assertThat(workers).as(pool + " workers probed").isEqualTo(this.hygiene.rawPoolThreads(pool));
		}
		softly.assertThat(this.hygiene.violations()).as("workers not left as they were").isEmpty();
	}

	private void assertScheduledRunsHaveTracesOfTheirOwn(SoftAssertions softly, Set<String> requestTraceIds) {
		await().atMost(java.time.Duration.ofSeconds(5)).until(() -> this.scheduled.runs().size() >= 10);
		List<ScheduledProbe.Run> runs = this.scheduled.runs();
		softly.assertThat(runs).as("@Scheduled runs").allSatisfy((run) -> {
			assertThat(run.tracerTraceId()).as("run has a trace").isNotEqualTo(ContinuityApplication.Hop.NONE);
			assertThat(run.mdcTraceId()).as("MDC traceId == tracer's").isEqualTo(run.tracerTraceId());
			assertThat(run.mdcTag()).as("no request's tag").isNull();
		});
		Set<String> distinct = runs.stream().map(ScheduledProbe.Run::tracerTraceId).collect(Collectors.toSet());
		softly.assertThat(distinct).as("one trace per @Scheduled run").hasSize(runs.size());
		softly.assertThat(distinct)
			.as("@Scheduled runs never continue a request's trace")
			.doesNotContainAnyElementsOf(requestTraceIds);
		softly.assertThat(requestTraceIds).as("requests sent").hasSizeGreaterThan(ContinuityMatrix.REQUESTS);
	}

}
