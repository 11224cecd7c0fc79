package io.github.tracecontext.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.stats.InstrumentedComponents.Component;
import io.micrometer.context.ContextRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ExecutorContextPostProcessor}, without an application context. The
 * hand-off uses a context registry of its own (only the MDC accessor), so the global
 * registry is not touched.
 */
class ExecutorContextPostProcessorTests {

	private final List<Boolean> handOffs = new CopyOnWriteArrayList<>();

	private final ContextHandOff handOff = new ContextHandOff(
			new ContextRegistry().registerThreadLocalAccessor(new MdcContextAccessor("traceId", this.handOffs::add)));

	private final InstrumentedComponents components = new InstrumentedComponents();

	private final ExecutorContextPostProcessor postProcessor = new ExecutorContextPostProcessor(() -> this.handOff,
			() -> this.components, List.of("ignoredPool"));

	private final List<Runnable> shutdowns = new ArrayList<>();

	@AfterEach
	void cleanUp() {
		MDC.clear();
		this.shutdowns.forEach(Runnable::run);
	}

	@Test
	void threadPoolTaskExecutorGetsTheStartersDecoratorAndStaysTheSameBean() {
		ThreadPoolTaskExecutor executor = threadPoolTaskExecutor();
		assertThat(process(executor, "pool")).isSameAs(executor);
		assertThat(instrumentation("pool")).isEqualTo("task-decorator");
		assertThat(this.components.ofKind("executor")).containsExactly(
				new Component("executor", "pool", ThreadPoolTaskExecutor.class.getName(), "task-decorator"));
		assertThat(decorator(executor)).isEqualTo(this.handOff.asTaskDecorator());
	}

	@Test
	void threadPoolTaskSchedulerGetsTheStartersDecoratorAndStaysTheSameBean() {
		ThreadPoolTaskScheduler scheduler = threadPoolTaskScheduler();
		assertThat(process(scheduler, "scheduler")).isSameAs(scheduler);
		assertThat(instrumentation("scheduler")).isEqualTo("task-decorator");
		assertThat(decorator(scheduler)).isEqualTo(this.handOff.asTaskDecorator());
	}

	@Test
	void simpleAsyncTaskExecutorGetsTheStartersDecoratorAndStaysTheSameBean() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor();
		assertThat(process(executor, "simple")).isSameAs(executor);
		assertThat(instrumentation("simple")).isEqualTo("task-decorator");
		assertThat(decorator(executor)).isEqualTo(this.handOff.asTaskDecorator());
	}

	@Test
	void concurrentTaskExecutorGetsTheStartersDecoratorAndStaysTheSameBean() {
		ExecutorService pool = newSingleThreadExecutor();
		ConcurrentTaskExecutor executor = new ConcurrentTaskExecutor(pool);
		assertThat(process(executor, "concurrent")).isSameAs(executor);
		assertThat(instrumentation("concurrent")).isEqualTo("task-decorator");
		assertThat(decorator(executor)).isEqualTo(this.handOff.asTaskDecorator());
	}

	@Test
	void concurrentTaskExecutorCarriesTheMdc() throws Exception {
		ConcurrentTaskExecutor executor = (ConcurrentTaskExecutor) process(
				new ConcurrentTaskExecutor(newSingleThreadExecutor()), "concurrent");
		MDC.put("k", "v");
		assertThat(executor.submit(ExecutorContextPostProcessorTests::mdc).get(5, TimeUnit.SECONDS))
			.containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	@Test
	void executorThatAlreadyHasSpringsContextPropagatingDecoratorIsLeftAlone() {
		ThreadPoolTaskExecutor executor = threadPoolTaskExecutor();
		ContextPropagatingTaskDecorator springDecorator = new ContextPropagatingTaskDecorator();
		executor.setTaskDecorator(springDecorator);
		assertThat(process(executor, "pool")).isSameAs(executor);
		assertThat(instrumentation("pool")).isEqualTo("spring-task-decorator");
		assertThat(decorator(executor)).isSameAs(springDecorator);
	}

	@Test
	void executorWithSpringsDecoratorInsideACompositeIsLeftAlone() {
		ThreadPoolTaskScheduler scheduler = threadPoolTaskScheduler();
		TaskDecorator passThrough = (runnable) -> runnable;
		TaskDecorator composite = new CompositeTaskDecorator(
				List.of(passThrough, new ContextPropagatingTaskDecorator()));
		scheduler.setTaskDecorator(composite);
		assertThat(process(scheduler, "scheduler")).isSameAs(scheduler);
		assertThat(instrumentation("scheduler")).isEqualTo("spring-task-decorator");
		assertThat(decorator(scheduler)).isSameAs(composite);
	}

	@Test
	void executorThatAlreadyHasTheStartersDecoratorIsLeftAlone() {
		ThreadPoolTaskExecutor executor = threadPoolTaskExecutor();
		TaskDecorator other = ContextHandOff.create().asTaskDecorator();
		executor.setTaskDecorator(other);
		process(executor, "pool");
		assertThat(decorator(executor)).isSameAs(other);
	}

	@Test
	void decoratorTheExecutorHadIsComposedWithTheStartersAndStillRuns() throws Exception {
		ThreadPoolTaskExecutor executor = threadPoolTaskExecutor();
		AtomicReference<Map<String, String>> seenByUserDecorator = new AtomicReference<>();
		executor.setTaskDecorator((runnable) -> () -> {
			seenByUserDecorator.set(mdc());
			runnable.run();
		});
		process(executor, "pool");
		assertThat(instrumentation("pool")).isEqualTo("task-decorator");
		assertThat(decorator(executor)).isInstanceOf(CompositeTaskDecorator.class);
		MDC.put("k", "v");
		Map<String, String> seenByTask = executor.submit(ExecutorContextPostProcessorTests::mdc)
			.get(5, TimeUnit.SECONDS);
		assertThat(seenByTask).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		// the starter's decorator is the outer one: the user's already sees the context
		assertThat(seenByUserDecorator.get()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	// The reflective read used to look the field up from the bean's class: this
	// subclass's
	// own field hid Spring's, and the application's decorator was silently replaced.
	@Test
	void decoratorOfASubclassWithAFieldOfTheSameNameIsComposedWithTheStarters() throws Exception {
		ShadowingExecutor executor = new ShadowingExecutor();
		executor.initialize();
		this.shutdowns.add(executor::shutdown);
		AtomicInteger decorations = new AtomicInteger();
		executor.setTaskDecorator(counting(decorations));
		assertThat(process(executor, "pool")).isSameAs(executor);
		assertThat(instrumentation("pool")).isEqualTo("task-decorator");
		MDC.put("k", "v");
		assertThat(executor.submit(ExecutorContextPostProcessorTests::mdc).get(5, TimeUnit.SECONDS))
			.containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		assertThat(decorations).hasValue(1);
	}

	// What a Spring version that renamed the field looks like: the starter must neither
	// drop
	// the application's decorator nor stop carrying context.
	@Test
	void executorWhoseDecoratorCannotBeReadIsProxiedAndKeepsItsDecorator() throws Exception {
		ExecutorContextPostProcessor blind = new ExecutorContextPostProcessor(() -> this.handOff, () -> this.components,
				List.of(), new TaskDecoratorFields("renamed", "renamed"));
		ThreadPoolTaskExecutor executor = threadPoolTaskExecutor();
		AtomicInteger decorations = new AtomicInteger();
		TaskDecorator own = counting(decorations);
		executor.setTaskDecorator(own);
		Object processed = blind.postProcessAfterInitialization(executor, "pool");
		assertThat(processed).isInstanceOf(ThreadPoolTaskExecutor.class);
		assertThat(AopUtils.isCglibProxy(processed)).isTrue();
		assertThat(instrumentation("pool")).isEqualTo("proxy");
		assertThat(decorator(executor)).isSameAs(own);
		MDC.put("k", "v");
		assertThat(((ThreadPoolTaskExecutor) processed).submit(ExecutorContextPostProcessorTests::mdc)
			.get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		assertThat(decorations).hasValue(1);
		assertThat(this.handOffs).hasSize(1);
	}

	@Test
	void compositeThatCannotBeLookedIntoGetsTheStartersDecoratorAsWell() {
		ExecutorContextPostProcessor blind = new ExecutorContextPostProcessor(() -> this.handOff, () -> this.components,
				List.of(), new TaskDecoratorFields(TaskDecoratorFields.DECORATOR, "renamed"));
		ThreadPoolTaskExecutor executor = threadPoolTaskExecutor();
		TaskDecorator composite = new CompositeTaskDecorator(List.of(new ContextPropagatingTaskDecorator()));
		executor.setTaskDecorator(composite);
		assertThat(blind.postProcessAfterInitialization(executor, "pool")).isSameAs(executor);
		assertThat(instrumentation("pool")).isEqualTo("task-decorator");
		assertThat(decorator(executor)).isInstanceOf(CompositeTaskDecorator.class).isNotSameAs(composite);
	}

	@Test
	void simpleAsyncTaskSchedulerIsProxiedByClass() {
		SimpleAsyncTaskScheduler scheduler = simpleAsyncTaskScheduler();
		Object processed = process(scheduler, "simpleScheduler");
		assertThat(processed).isNotSameAs(scheduler).isInstanceOf(SimpleAsyncTaskScheduler.class);
		assertThat(AopUtils.isCglibProxy(processed)).isTrue();
		assertThat(this.components.ofKind("executor")).containsExactly(
				new Component("executor", "simpleScheduler", SimpleAsyncTaskScheduler.class.getName(), "proxy"));
	}

	@Test
	void simpleAsyncTaskSchedulerCarriesTheSchedulersContextIntoScheduledTasks() throws Exception {
		SimpleAsyncTaskScheduler scheduler = (SimpleAsyncTaskScheduler) process(simpleAsyncTaskScheduler(),
				"simpleScheduler");
		BlockingQueue<Map<String, String>> seen = new LinkedBlockingQueue<>();
		MDC.put("k", "v");
		scheduler.schedule(() -> seen.add(mdc()), scheduler.getClock().instant().plusMillis(20));
		scheduler.execute(() -> seen.add(mdc()));
		assertThat(seen.poll(5, TimeUnit.SECONDS)).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		assertThat(seen.poll(5, TimeUnit.SECONDS)).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	@Test
	void jdkExecutorServiceIsProxiedByItsInterfaces() {
		ExecutorService pool = Executors.newFixedThreadPool(1);
		this.shutdowns.add(pool::shutdownNow);
		Object processed = process(pool, "fixedPool");
		assertThat(AopUtils.isJdkDynamicProxy(processed)).isTrue();
		assertThat(processed).isInstanceOf(ExecutorService.class).isNotInstanceOf(ThreadPoolExecutor.class);
		assertThat(this.components.ofKind("executor"))
			.containsExactly(new Component("executor", "fixedPool", ThreadPoolExecutor.class.getName(), "proxy"));
	}

	@Test
	void jdkScheduledExecutorServiceIsProxiedByItsInterfaces() {
		ScheduledExecutorService pool = newScheduledPool();
		Object processed = process(pool, "scheduledPool");
		assertThat(AopUtils.isJdkDynamicProxy(processed)).isTrue();
		assertThat(processed).isInstanceOf(ScheduledExecutorService.class);
		assertThat(instrumentation("scheduledPool")).isEqualTo("proxy");
	}

	@Test
	void forkJoinPoolIsProxiedAsAnExecutorService() throws Exception {
		ForkJoinPool pool = new ForkJoinPool(1);
		this.shutdowns.add(pool::shutdownNow);
		ExecutorService processed = (ExecutorService) process(pool, "forkJoin");
		assertThat(processed).isNotInstanceOf(ForkJoinPool.class);
		MDC.put("k", "v");
		assertThat(processed.submit(ExecutorContextPostProcessorTests::mdc).get(5, TimeUnit.SECONDS))
			.containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	@Test
	void lambdaExecutorIsProxiedAsAnExecutor() {
		Executor direct = Runnable::run;
		Object processed = process(direct, "direct");
		assertThat(processed).isNotSameAs(direct).isInstanceOf(Executor.class);
		assertThat(instrumentation("direct")).isEqualTo("proxy");
	}

	@Test
	void proxiedExecutorServiceCarriesTheMdcIntoEveryKindOfSubmission() throws Exception {
		ExecutorService pool = (ExecutorService) process(newSingleThreadExecutor(), "pool");
		MDC.put("k", "v");
		BlockingQueue<Map<String, String>> seen = new LinkedBlockingQueue<>();
		pool.execute(() -> seen.add(mdc()));
		assertThat(seen.poll(5, TimeUnit.SECONDS)).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		pool.submit(() -> seen.add(mdc())).get(5, TimeUnit.SECONDS);
		assertThat(seen.poll()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		assertThat(pool.submit(ExecutorContextPostProcessorTests::mdc).get(5, TimeUnit.SECONDS))
			.containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		List<Callable<Map<String, String>>> tasks = List.of(ExecutorContextPostProcessorTests::mdc,
				ExecutorContextPostProcessorTests::mdc);
		for (Future<Map<String, String>> result : pool.invokeAll(tasks)) {
			assertThat(result.get()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		}
		assertThat(pool.invokeAny(tasks)).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	@Test
	void proxiedExecutorServiceRestoresTheWorkersMdc() throws Exception {
		ExecutorService raw = newSingleThreadExecutor();
		ExecutorService pool = (ExecutorService) process(raw, "pool");
		raw.submit(() -> MDC.put("worker", "w")).get(5, TimeUnit.SECONDS);
		MDC.put("k", "v");
		assertThat(pool.submit(() -> {
			Map<String, String> copy = mdc();
			MDC.put("added", "by-task");
			return copy;
		}).get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		assertThat(raw.submit(ExecutorContextPostProcessorTests::mdc).get(5, TimeUnit.SECONDS))
			.containsExactlyInAnyOrderEntriesOf(Map.of("worker", "w"));
	}

	@Test
	void eachTaskIsCountedOnceWithOrWithoutATrace() throws Exception {
		ExecutorService pool = (ExecutorService) process(newSingleThreadExecutor(), "pool");
		MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
		pool.submit(() -> {
		}).get(5, TimeUnit.SECONDS);
		MDC.clear();
		pool.submit(() -> {
		}).get(5, TimeUnit.SECONDS);
		assertThat(this.handOffs).containsExactly(true, false);
	}

	@Test
	void ignoredBeanIsLeftUntouched() throws Exception {
		ExecutorService pool = newSingleThreadExecutor();
		assertThat(process(pool, "ignoredPool")).isSameAs(pool);
		assertThat(this.components.ofKind("executor"))
			.containsExactly(new Component("executor", "ignoredPool", pool.getClass().getName(), "ignored"));
		MDC.put("k", "v");
		assertThat(pool.submit(ExecutorContextPostProcessorTests::mdc).get(5, TimeUnit.SECONDS)).isEmpty();
	}

	@Test
	void ignoredSpringExecutorGetsNoDecorator() {
		ThreadPoolTaskExecutor executor = threadPoolTaskExecutor();
		assertThat(process(executor, "ignoredPool")).isSameAs(executor);
		assertThat(decorator(executor)).isNull();
		assertThat(instrumentation("ignoredPool")).isEqualTo("ignored");
	}

	@Test
	void beanThatIsNotAnExecutorIsLeftAloneAndNotRecorded() {
		Object bean = new Object();
		assertThat(process(bean, "other")).isSameAs(bean);
		assertThat(this.components.ofKind("executor")).isEmpty();
	}

	@Test
	void proxyIsNotProxiedAgain() {
		Object proxy = process(newSingleThreadExecutor(), "pool");
		assertThat(process(proxy, "pool")).isSameAs(proxy);
		assertThat(this.components.ofKind("executor")).hasSize(1);
	}

	@Test
	void rejectedTaskLeavesTheSubmittersMdcUntouched() throws Exception {
		ThreadPoolExecutor raw = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
				new ThreadPoolExecutor.AbortPolicy());
		this.shutdowns.add(raw::shutdownNow);
		ExecutorService pool = (ExecutorService) process(raw, "pool");
		CountDownLatch release = new CountDownLatch(1);
		MDC.put("k", "v");
		try {
			pool.execute(() -> await(release));
			pool.execute(() -> {
			});
			assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> pool.execute(() -> {
			}));
			assertThat(mdc()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void taskRejectedByADecoratedExecutorLeavesTheSubmittersMdcUntouched() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setQueueCapacity(1);
		executor.initialize();
		this.shutdowns.add(executor::shutdown);
		process(executor, "pool");
		CountDownLatch release = new CountDownLatch(1);
		MDC.put("k", "v");
		try {
			executor.execute(() -> await(release));
			executor.execute(() -> {
			});
			assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> executor.execute(() -> {
			}));
			assertThat(mdc()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void taskRunByTheCallerAfterRejectionLeavesTheCallersMdcAsItWas() throws Exception {
		ThreadPoolExecutor raw = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
				new ThreadPoolExecutor.CallerRunsPolicy());
		this.shutdowns.add(raw::shutdownNow);
		ExecutorService pool = (ExecutorService) process(raw, "pool");
		CountDownLatch release = new CountDownLatch(1);
		MDC.put("k", "v");
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		AtomicReference<Map<String, String>> seen = new AtomicReference<>();
		try {
			pool.execute(() -> await(release));
			pool.execute(() -> {
			});
			pool.execute(() -> {
				ranOn.set(Thread.currentThread());
				seen.set(mdc());
				MDC.put("k", "changed");
				MDC.put("added", "by-task");
			});
		}
		finally {
			release.countDown();
		}
		assertThat(ranOn.get()).isSameAs(Thread.currentThread());
		assertThat(seen.get()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		assertThat(mdc()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	@Test
	void cancelledScheduledTaskNeverRunsAndLeavesNothingBehind() throws Exception {
		ScheduledThreadPoolExecutor raw = newScheduledPool();
		raw.setRemoveOnCancelPolicy(true);
		ScheduledExecutorService pool = (ScheduledExecutorService) process(raw, "scheduledPool");
		AtomicBoolean ran = new AtomicBoolean();
		MDC.put("k", "v");
		ScheduledFuture<?> future = pool.schedule(() -> ran.set(true), 100, TimeUnit.MILLISECONDS);
		assertThat(future.cancel(false)).isTrue();
		assertThat(raw.getQueue()).isEmpty();
		// past the time it was due, it has still not run
		Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).untilFalse(ran);
		assertThat(mdc()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		MDC.clear();
		// the worker holds no context either: a raw task there sees an empty MDC
		assertThat(raw.submit(ExecutorContextPostProcessorTests::mdc).get(5, TimeUnit.SECONDS)).isEmpty();
		assertThat(this.handOffs).isEmpty();
	}

	@Test
	void cancelledTaskOnADecoratedSchedulerNeverRuns() throws Exception {
		ThreadPoolTaskScheduler scheduler = threadPoolTaskScheduler();
		scheduler.setRemoveOnCancelPolicy(true);
		process(scheduler, "scheduler");
		AtomicBoolean ran = new AtomicBoolean();
		MDC.put("k", "v");
		ScheduledFuture<?> future = scheduler.schedule(() -> ran.set(true),
				scheduler.getClock().instant().plusMillis(100));
		assertThat(future.cancel(false)).isTrue();
		// Spring queues its own wrapper around a decorated task, which the executor's
		// remove-on-cancel policy does not find: the cancelled task leaves the queue only
		// when it is due, and then does nothing
		BlockingQueue<Runnable> queue = scheduler.getScheduledThreadPoolExecutor().getQueue();
		Awaitility.await()
			.during(Duration.ofMillis(200))
			.atMost(Duration.ofSeconds(5))
			.until(() -> queue.isEmpty() && !ran.get());
		assertThat(ran).isFalse();
		assertThat(queue).isEmpty();
		// (that wrapper still runs the starter's decorator when it is due, so the
		// cancelled
		// task is counted as a hand-off: not asserted here)
		assertThat(mdc()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	@Test
	void fixedRateTaskOnAProxiedSchedulerRunsWithTheContextEveryTime() throws Exception {
		ScheduledExecutorService pool = (ScheduledExecutorService) process(newScheduledPool(), "scheduledPool");
		BlockingQueue<Map<String, String>> seen = new LinkedBlockingQueue<>();
		MDC.put("k", "v");
		ScheduledFuture<?> future = pool.scheduleAtFixedRate(() -> {
			seen.add(mdc());
			// must not leak into the next run
			MDC.put("run", String.valueOf(seen.size()));
		}, 0, 10, TimeUnit.MILLISECONDS);
		try {
			for (int i = 0; i < 3; i++) {
				assertThat(seen.poll(5, TimeUnit.SECONDS)).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
			}
		}
		finally {
			future.cancel(false);
		}
	}

	@Test
	void fixedRateTaskOnADecoratedSchedulerRunsWithTheContextEveryTime() throws Exception {
		ThreadPoolTaskScheduler scheduler = threadPoolTaskScheduler();
		process(scheduler, "scheduler");
		BlockingQueue<Map<String, String>> seen = new LinkedBlockingQueue<>();
		MDC.put("k", "v");
		ScheduledFuture<?> future = scheduler.scheduleAtFixedRate(() -> {
			seen.add(mdc());
			MDC.put("run", String.valueOf(seen.size()));
		}, Duration.ofMillis(10));
		try {
			for (int i = 0; i < 3; i++) {
				assertThat(seen.poll(5, TimeUnit.SECONDS)).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
			}
		}
		finally {
			future.cancel(false);
		}
	}

	private Object process(Object bean, String name) {
		return this.postProcessor.postProcessAfterInitialization(bean, name);
	}

	private String instrumentation(String beanName) {
		return this.components.ofKind("executor")
			.stream()
			.filter((component) -> component.bean().equals(beanName))
			.map(Component::instrumentation)
			.findFirst()
			.orElse(null);
	}

	private static Object decorator(Object executor) {
		return ReflectionTestUtils.getField(executor, "taskDecorator");
	}

	private ThreadPoolTaskExecutor threadPoolTaskExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.initialize();
		this.shutdowns.add(executor::shutdown);
		return executor;
	}

	private ThreadPoolTaskScheduler threadPoolTaskScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.initialize();
		this.shutdowns.add(scheduler::shutdown);
		return scheduler;
	}

	private SimpleAsyncTaskScheduler simpleAsyncTaskScheduler() {
		SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
		this.shutdowns.add(scheduler::close);
		return scheduler;
	}

	private ExecutorService newSingleThreadExecutor() {
		ExecutorService pool = Executors.newSingleThreadExecutor();
		this.shutdowns.add(pool::shutdownNow);
		return pool;
	}

	private ScheduledThreadPoolExecutor newScheduledPool() {
		ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
		this.shutdowns.add(pool::shutdownNow);
		return pool;
	}

	private static TaskDecorator counting(AtomicInteger decorations) {
		return (runnable) -> () -> {
			decorations.incrementAndGet();
			runnable.run();
		};
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Map<String, String> mdc() {
		Map<String, String> copy = MDC.getCopyOfContextMap();
		return (copy != null) ? copy : Map.of();
	}

	/** Has a field of its own under the name of Spring's decorator field. */
	static class ShadowingExecutor extends ThreadPoolTaskExecutor {

		@SuppressWarnings("unused")
		private final String taskDecorator = "not a decorator";

	}

}
