package io.github.tracecontext.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.task.ContextHandOff;
import io.github.tracecontext.task.ExecutorContextPostProcessor;
import io.github.tracecontext.task.MdcContextAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.contextpropagation.ObservationAwareBaggageThreadLocalAccessor;
import io.micrometer.tracing.contextpropagation.ObservationAwareSpanThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryEventPublisherBeansApplicationListener;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceContextTaskAutoConfiguration}, next to Spring Boot's task
 * execution and scheduling auto-configurations. The accessors the auto-configuration
 * registers live in the JVM-wide {@link ContextRegistry}; they are removed after each
 * test.
 */
class TraceContextTaskAutoConfigurationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TraceContextAutoConfiguration.class, TraceContextTaskAutoConfiguration.class,
						TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		// the starter's EnvironmentPostProcessor, which defaults this to true, does not
		// run
		// in a context runner
		.withPropertyValues("spring.task.execution.propagate-context=true");

	private final CountingAccessor counting = new CountingAccessor();

	@BeforeAll
	static void addContextStorageWrapper() {
		OpenTelemetryEventPublisherBeansApplicationListener.addWrapper();
	}

	@BeforeEach
	void registerCountingAccessor() {
		ContextRegistry.getInstance().registerThreadLocalAccessor(this.counting);
	}

	@AfterEach
	void cleanUp() {
		ContextRegistry registry = ContextRegistry.getInstance();
		registry.removeThreadLocalAccessor(CountingAccessor.KEY);
		registry.removeThreadLocalAccessor(MdcContextAccessor.KEY);
		registry.removeThreadLocalAccessor(ObservationAwareSpanThreadLocalAccessor.KEY);
		registry.removeThreadLocalAccessor(ObservationAwareBaggageThreadLocalAccessor.KEY);
		MDC.clear();
	}

	@Test
	void handOffAndExecutorPostProcessorArePresentWhenContextPropagationIsOn() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(ContextHandOff.class);
			assertThat(context).hasSingleBean(ExecutorContextPostProcessor.class);
			assertThat(accessorsWithKey(MdcContextAccessor.KEY)).hasSize(1);
		});
	}

	@Test
	void absentWhenAsyncIntegrationIsDisabled() {
		this.contextRunner.withPropertyValues("trace-context.async.enabled=false").run(this::assertAbsent);
	}

	@Test
	void absentWhenContextPropagationIsOff() {
		this.contextRunner.withPropertyValues("spring.task.execution.propagate-context=false").run(this::assertAbsent);
	}

	@Test
	void absentWhenContextPropagationIsNotSet() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class,
					TraceContextTaskAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
			.run(this::assertAbsent);
	}

	@Test
	void absentWhenStarterIsDisabled() {
		this.contextRunner.withPropertyValues("trace-context.enabled=false").run(this::assertAbsent);
	}

	@Test
	void absentWhenDisabledUserExecutorIsNotTouched() {
		this.contextRunner.withPropertyValues("trace-context.async.enabled=false")
			.withUserConfiguration(JdkExecutorConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(AopUtils.isAopProxy(context.getBean("fixedPool"))).isFalse();
			});
	}

	@Test
	void bootsApplicationTaskExecutorIsLeftAsItIs() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			// lazy: created, and post-processed, on first use
			Object executor = context.getBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME);
			assertThat(executor).isExactlyInstanceOf(ThreadPoolTaskExecutor.class);
			assertThat(AopUtils.isAopProxy(executor)).isFalse();
			assertThat(instrumentation(context, "applicationTaskExecutor")).isEqualTo("spring-task-decorator");
		});
	}

	@Test
	void bootsApplicationTaskExecutorWrapsEachTaskOnce() {
		this.contextRunner.run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean(
					TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME, ThreadPoolTaskExecutor.class);
			assertSubmittedTasksAreWrappedOnce(executor);
		});
	}

	@Test
	void bootsApplicationTaskExecutorCarriesTheMdc() {
		this.contextRunner.run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean(
					TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME, ThreadPoolTaskExecutor.class);
			MDC.put("k", "v");
			assertThat(executor.submit(TraceContextTaskAutoConfigurationTests::mdc).get(5, TimeUnit.SECONDS))
				.containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		});
	}

	@Test
	void executorBuiltWithBootsBuilderIsLeftAsItIs() {
		this.contextRunner.withUserConfiguration(BuilderExecutorConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Object executor = context.getBean("builtPool");
			assertThat(AopUtils.isAopProxy(executor)).isFalse();
			assertThat(instrumentation(context, "builtPool")).isEqualTo("spring-task-decorator");
		});
	}

	@Test
	void executorBuiltWithBootsBuilderWrapsEachTaskOnce() {
		this.contextRunner.withUserConfiguration(BuilderExecutorConfiguration.class)
			.run((context) -> assertSubmittedTasksAreWrappedOnce(
					context.getBean("builtPool", ThreadPoolTaskExecutor.class)));
	}

	@Test
	void plainThreadPoolTaskExecutorGetsTheStartersDecorator() {
		this.contextRunner.withUserConfiguration(PlainExecutorConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Object executor = context.getBean("plainExecutor");
			assertThat(AopUtils.isAopProxy(executor)).isFalse();
			assertThat(instrumentation(context, "plainExecutor")).isEqualTo("task-decorator");
		});
	}

	@Test
	void plainThreadPoolTaskExecutorWrapsEachTaskOnce() {
		this.contextRunner.withUserConfiguration(PlainExecutorConfiguration.class)
			.run((context) -> assertSubmittedTasksAreWrappedOnce(context.getBean(ThreadPoolTaskExecutor.class)));
	}

	@Test
	void plainThreadPoolTaskExecutorCarriesTheMdcAndLeavesTheWorkerEmpty() {
		this.contextRunner.withUserConfiguration(PlainExecutorConfiguration.class).run((context) -> {
			RecordingExecutor executor = context.getBean(RecordingExecutor.class);
			MDC.put("k", "v");
			assertThat(executor.submit(TraceContextTaskAutoConfigurationTests::mdc).get(5, TimeUnit.SECONDS))
				.containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
			assertThat(executor.afterTasks.poll(5, TimeUnit.SECONDS)).isEmpty();
		});
	}

	@Test
	void plainThreadPoolTaskExecutorGivesTheWorkerItsOwnMdcBack() {
		this.contextRunner.withUserConfiguration(PlainExecutorConfiguration.class).run((context) -> {
			RecordingExecutor executor = context.getBean(RecordingExecutor.class);
			executor.workerMdc.set(Map.of("worker", "w"));
			MDC.put("k", "v");
			assertThat(executor.submit(() -> {
				Map<String, String> copy = mdc();
				MDC.put("added", "by-task");
				return copy;
			}).get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
			assertThat(executor.afterTasks.poll(5, TimeUnit.SECONDS))
				.containsExactlyInAnyOrderEntriesOf(Map.of("worker", "w"));
		});
	}

	@Test
	void decoratorSetByTheUserIsKeptAndRunsWithTheContext() {
		this.contextRunner.withUserConfiguration(DecoratedExecutorConfiguration.class).run((context) -> {
			assertThat(instrumentation(context, "decoratedExecutor")).isEqualTo("task-decorator");
			ThreadPoolTaskExecutor executor = context.getBean(ThreadPoolTaskExecutor.class);
			DecoratedExecutorConfiguration configuration = context.getBean(DecoratedExecutorConfiguration.class);
			MDC.put("k", "v");
			assertThat(executor.submit(TraceContextTaskAutoConfigurationTests::mdc).get(5, TimeUnit.SECONDS))
				.containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
			assertThat(configuration.decorations).hasValue(1);
			assertThat(configuration.seenByDecorator.get()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		});
	}

	@Test
	void executorsCanStillBeInjectedByTheirConcreteTypes() {
		this.contextRunner.withUserConfiguration(ConcreteTypesConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Injected injected = context.getBean(Injected.class);
			assertThat(injected.pool()).isSameAs(context.getBean("pool"));
			assertThat(injected.scheduler()).isSameAs(context.getBean("scheduler"));
			assertThat(injected.simpleScheduler()).isSameAs(context.getBean("simpleScheduler"));
			assertThat(injected.fixedPool()).isSameAs(context.getBean("fixedPool"));
			assertThat(injected.scheduledPool()).isSameAs(context.getBean("scheduledPool"));
			assertThat(AopUtils.isAopProxy(injected.pool())).isFalse();
			assertThat(AopUtils.isAopProxy(injected.scheduler())).isFalse();
			assertThat(AopUtils.isCglibProxy(injected.simpleScheduler())).isTrue();
			assertThat(AopUtils.isJdkDynamicProxy(injected.fixedPool())).isTrue();
			assertThat(AopUtils.isJdkDynamicProxy(injected.scheduledPool())).isTrue();
			assertThat(instrumentation(context, "pool")).isEqualTo("task-decorator");
			assertThat(instrumentation(context, "scheduler")).isEqualTo("task-decorator");
			assertThat(instrumentation(context, "simpleScheduler")).isEqualTo("proxy");
			assertThat(instrumentation(context, "fixedPool")).isEqualTo("proxy");
			assertThat(instrumentation(context, "scheduledPool")).isEqualTo("proxy");
			MDC.put("k", "v");
			assertThat(injected.scheduler().submit(() -> MDC.get("k")).get(5, TimeUnit.SECONDS)).isEqualTo("v");
			assertThat(injected.simpleScheduler().submit(() -> MDC.get("k")).get(5, TimeUnit.SECONDS)).isEqualTo("v");
			assertThat(injected.fixedPool().submit(() -> MDC.get("k")).get(5, TimeUnit.SECONDS)).isEqualTo("v");
			assertThat(injected.scheduledPool()
				.schedule(() -> MDC.get("k"), 1, TimeUnit.MILLISECONDS)
				.get(5, TimeUnit.SECONDS)).isEqualTo("v");
		});
	}

	@Test
	void simpleAsyncTaskSchedulerBuiltWithBootsBuilderRunsScheduledTasksWithTheSchedulersContext() {
		this.contextRunner.withUserConfiguration(BuilderSchedulerConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			// Spring's decorator would capture the trigger thread's context: the proxy is
			// needed
			assertThat(instrumentation(context, "builtScheduler")).isEqualTo("proxy");
			SimpleAsyncTaskScheduler scheduler = context.getBean(SimpleAsyncTaskScheduler.class);
			BlockingQueue<Map<String, String>> seen = new LinkedBlockingQueue<>();
			MDC.put("k", "v");
			scheduler.schedule(() -> seen.add(mdc()), scheduler.getClock().instant().plusMillis(10));
			assertThat(seen.poll(5, TimeUnit.SECONDS)).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		});
	}

	@Test
	void ignoredBeanIsLeftUntouched() {
		ExecutorService plainPool = Executors.newSingleThreadExecutor();
		ExecutorService otherPool = Executors.newSingleThreadExecutor();
		try {
			this.contextRunner.withPropertyValues("trace-context.async.ignored-beans=plainPool")
				.withBean("plainPool", ExecutorService.class, () -> plainPool)
				.withBean("otherPool", ExecutorService.class, () -> otherPool)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean("plainPool")).isSameAs(plainPool);
					assertThat(instrumentation(context, "plainPool")).isEqualTo("ignored");
					assertThat(context.getBean("otherPool")).isNotSameAs(otherPool);
					assertThat(instrumentation(context, "otherPool")).isEqualTo("proxy");
					MDC.put("k", "v");
					assertThat(context.getBean("plainPool", ExecutorService.class)
						.submit(TraceContextTaskAutoConfigurationTests::mdc)
						.get(5, TimeUnit.SECONDS)).doesNotContainKey("k");
					assertThat(context.getBean("otherPool", ExecutorService.class)
						.submit(TraceContextTaskAutoConfigurationTests::mdc)
						.get(5, TimeUnit.SECONDS)).containsEntry("k", "v");
				});
		}
		finally {
			plainPool.shutdownNow();
			otherPool.shutdownNow();
		}
	}

	@Test
	void handOffsAreCountedWithAndWithoutATrace() {
		this.contextRunner.withUserConfiguration(PlainExecutorConfiguration.class).run((context) -> {
			PropagationCounters counters = context.getBean(PropagationCounters.class);
			ThreadPoolTaskExecutor executor = context.getBean(ThreadPoolTaskExecutor.class);
			assertThat(counters.handOffsWithContext()).isZero();
			assertThat(counters.handOffsWithoutContext()).isZero();
			MDC.put("traceId", TRACE_ID);
			executor.submit(() -> {
			}).get(5, TimeUnit.SECONDS);
			assertThat(counters.handOffsWithContext()).isEqualTo(1);
			assertThat(counters.handOffsWithoutContext()).isZero();
			MDC.clear();
			MDC.put("k", "v");
			executor.submit(() -> {
			}).get(5, TimeUnit.SECONDS);
			MDC.clear();
			executor.submit(() -> {
			}).get(5, TimeUnit.SECONDS);
			assertThat(counters.handOffsWithContext()).isEqualTo(1);
			assertThat(counters.handOffsWithoutContext()).isEqualTo(2);
		});
	}

	@Test
	void handOffsLookForTheTraceUnderTheConfiguredKey() {
		handOffsLookForTheTraceUnder("trace-context.mdc.trace-id-key=myTrace", "myTrace");
	}

	@Test
	void handOffsLookForTheTraceUnderSpringBootsKeyWhenOnlyItIsSet() {
		handOffsLookForTheTraceUnder("management.tracing.mdc.trace-id-key=bootTrace", "bootTrace");
	}

	private void handOffsLookForTheTraceUnder(String property, String key) {
		this.contextRunner.withUserConfiguration(PlainExecutorConfiguration.class)
			.withPropertyValues(property)
			.run((context) -> {
				PropagationCounters counters = context.getBean(PropagationCounters.class);
				ThreadPoolTaskExecutor executor = context.getBean(ThreadPoolTaskExecutor.class);
				MDC.put("traceId", TRACE_ID);
				executor.submit(() -> {
				}).get(5, TimeUnit.SECONDS);
				assertThat(counters.handOffsWithContext()).isZero();
				assertThat(counters.handOffsWithoutContext()).isEqualTo(1);
				MDC.put(key, TRACE_ID);
				executor.submit(() -> {
				}).get(5, TimeUnit.SECONDS);
				assertThat(counters.handOffsWithContext()).isEqualTo(1);
			});
	}

	@Test
	void handOffsThroughBootsApplicationTaskExecutorAreCountedOnce() {
		this.contextRunner.run((context) -> {
			PropagationCounters counters = context.getBean(PropagationCounters.class);
			ThreadPoolTaskExecutor executor = context.getBean(
					TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME, ThreadPoolTaskExecutor.class);
			MDC.put("traceId", TRACE_ID);
			executor.submit(() -> {
			}).get(5, TimeUnit.SECONDS);
			assertThat(counters.handOffsWithContext()).isEqualTo(1);
		});
	}

	@Test
	void mdcAccessorIsRegisteredOnceForTwoContexts() {
		this.contextRunner.run((first) -> this.contextRunner.run((second) -> {
			assertThat(first).hasSingleBean(ContextHandOff.class);
			assertThat(second).hasSingleBean(ContextHandOff.class);
			assertThat(accessorsWithKey(MdcContextAccessor.KEY)).hasSize(1);
			assertThat(accessorsWithKey(ObservationAwareSpanThreadLocalAccessor.KEY)).isEmpty();
		}));
	}

	@Test
	void tracingAccessorsAreRegisteredOnceForTwoContextsWithARealTracer() {
		ApplicationContextRunner tracing = withTracing();
		tracing.run((first) -> tracing.run((second) -> {
			assertThat(first).hasSingleBean(Tracer.class);
			assertThat(second).hasSingleBean(Tracer.class);
			assertThat(accessorsWithKey(MdcContextAccessor.KEY)).hasSize(1);
			assertThat(accessorsWithKey(ObservationAwareSpanThreadLocalAccessor.KEY)).hasSize(1);
			assertThat(accessorsWithKey(ObservationAwareBaggageThreadLocalAccessor.KEY)).hasSize(1);
		}));
	}

	@Test
	void taskRunsInTheSubmittersSpanAndLeavesTheWorkerEmpty() {
		withTracing().withUserConfiguration(PlainExecutorConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Tracer tracer = context.getBean(Tracer.class);
			RecordingExecutor executor = context.getBean(RecordingExecutor.class);
			PropagationCounters counters = context.getBean(PropagationCounters.class);
			Span span = tracer.nextSpan().name("test").start();
			List<String> seen;
			try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
				assertThat(MDC.get("traceId")).isEqualTo(span.context().traceId());
				seen = executor.submit(() -> {
					Span current = tracer.currentSpan();
					return List.of((current != null) ? current.context().spanId() : "none",
							String.valueOf(MDC.get("traceId")), String.valueOf(MDC.get("spanId")));
				}).get(5, TimeUnit.SECONDS);
			}
			finally {
				span.end();
			}
			assertThat(seen).containsExactly(span.context().spanId(), span.context().traceId(),
					span.context().spanId());
			assertThat(executor.afterTasks.poll(5, TimeUnit.SECONDS)).isEmpty();
			assertThat(counters.handOffsWithContext()).isEqualTo(1);
			assertThat(counters.handOffsWithoutContext()).isZero();
		});
	}

	// The hand-off and the accessors belong to the core (Reactor uses them too): only the
	// executor post-processor is this auto-configuration's.
	private void assertAbsent(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		assertThat(context).doesNotHaveBean(ExecutorContextPostProcessor.class);
	}

	// Counts how often context is put on a worker while the executor runs a few tasks.
	private void assertSubmittedTasksAreWrappedOnce(ThreadPoolTaskExecutor executor) throws Exception {
		this.counting.sets.set(0);
		for (int i = 0; i < 3; i++) {
			executor.submit(() -> {
			}).get(5, TimeUnit.SECONDS);
		}
		assertThat(this.counting.sets).hasValue(3);
	}

	private ApplicationContextRunner withTracing() {
		return this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, TraceContextLoggingAutoConfiguration.class))
			// What SpringApplication does through spring.factories: route OpenTelemetry
			// scope
			// changes to the context's EventPublisher, and so to the Slf4JEventListener
			.withInitializer((context) -> context
				.addApplicationListener(new OpenTelemetryEventPublisherBeansApplicationListener()));
	}

	private static List<ThreadLocalAccessor<?>> accessorsWithKey(Object key) {
		return ContextRegistry.getInstance()
			.getThreadLocalAccessors()
			.stream()
			.filter((accessor) -> accessor.key().equals(key))
			.toList();
	}

	private static String instrumentation(AssertableApplicationContext context, String beanName) {
		return context.getBean(InstrumentedComponents.class)
			.ofKind("executor")
			.stream()
			.filter((component) -> component.bean().equals(beanName))
			.map(InstrumentedComponents.Component::instrumentation)
			.findFirst()
			.orElse(null);
	}

	private static Map<String, String> mdc() {
		Map<String, String> copy = MDC.getCopyOfContextMap();
		return (copy != null) ? copy : Map.of();
	}

	/**
	 * Counts every time a snapshot puts its value on a thread. Always has a value, so it
	 * is captured by every snapshot.
	 */
	static final class CountingAccessor implements ThreadLocalAccessor<String> {

		static final String KEY = "test.counting";

		private final AtomicInteger sets = new AtomicInteger();

		@Override
		public Object key() {
			return KEY;
		}

		@Override
		public String getValue() {
			return "captured";
		}

		@Override
		public void setValue(String value) {
			this.sets.incrementAndGet();
		}

		@Override
		public void setValue() {
		}

		@Override
		public void restore(String previousValue) {
		}

		@Override
		public void restore() {
		}

	}

	/**
	 * Records the worker's MDC after each task, outside the task's wrapper, and can put
	 * values there before each task.
	 */
	static class RecordingExecutor extends ThreadPoolTaskExecutor {

		final AtomicReference<Map<String, String>> workerMdc = new AtomicReference<>(Map.of());

		final BlockingQueue<Map<String, String>> afterTasks = new LinkedBlockingQueue<>();

		@Override
		protected void beforeExecute(Thread thread, Runnable task) {
			MDC.setContextMap(this.workerMdc.get());
		}

		@Override
		protected void afterExecute(Runnable task, Throwable ex) {
			this.afterTasks.add(mdc());
			MDC.clear();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainExecutorConfiguration {

		@Bean
		RecordingExecutor plainExecutor() {
			RecordingExecutor executor = new RecordingExecutor();
			executor.setCorePoolSize(1);
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BuilderExecutorConfiguration {

		@Bean
		ThreadPoolTaskExecutor builtPool(ThreadPoolTaskExecutorBuilder builder) {
			return builder.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BuilderSchedulerConfiguration {

		@Bean
		SimpleAsyncTaskScheduler builtScheduler(SimpleAsyncTaskSchedulerBuilder builder) {
			return builder.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DecoratedExecutorConfiguration {

		final AtomicInteger decorations = new AtomicInteger();

		final AtomicReference<Map<String, String>> seenByDecorator = new AtomicReference<>();

		@Bean
		ThreadPoolTaskExecutor decoratedExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setTaskDecorator((runnable) -> () -> {
				this.decorations.incrementAndGet();
				this.seenByDecorator.set(mdc());
				runnable.run();
			});
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class JdkExecutorConfiguration {

		@Bean
		ExecutorService fixedPool() {
			return Executors.newFixedThreadPool(1);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConcreteTypesConfiguration {

		@Bean
		ThreadPoolTaskExecutor pool() {
			return new ThreadPoolTaskExecutor();
		}

		@Bean
		ThreadPoolTaskScheduler scheduler() {
			return new ThreadPoolTaskScheduler();
		}

		@Bean
		SimpleAsyncTaskScheduler simpleScheduler() {
			return new SimpleAsyncTaskScheduler();
		}

		@Bean
		ExecutorService fixedPool() {
			return Executors.newFixedThreadPool(1);
		}

		@Bean
		ScheduledExecutorService scheduledPool() {
			return Executors.newScheduledThreadPool(1);
		}

		@Bean
		Injected injected(ThreadPoolTaskExecutor pool, ThreadPoolTaskScheduler scheduler,
				SimpleAsyncTaskScheduler simpleScheduler, ExecutorService fixedPool,
				ScheduledExecutorService scheduledPool) {
			return new Injected(pool, scheduler, simpleScheduler, fixedPool, scheduledPool);
		}

	}

	record Injected(ThreadPoolTaskExecutor pool, ThreadPoolTaskScheduler scheduler,
			SimpleAsyncTaskScheduler simpleScheduler, ExecutorService fixedPool,
			ScheduledExecutorService scheduledPool) {
	}

}
