package io.github.tracecontext.actuate;

import io.github.tracecontext.logging.LogCoverage;
import io.github.tracecontext.logging.ThreadKind;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ThreadKind}: a thread's name, the kind it is filed under, whether its
 * lines without a trace id are untraced by design, and what the advice for it names.
 */
class ThreadKindTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					main                              | MAIN                  | true  | outside any request
					SpringApplicationShutdownHook     | MAIN                  | true  | outside any request
					http-nio-8080-exec-1              | SERVLET_CONTAINER     | true  | spring.mvc.servlet.load-on-startup=1
					http-nio-127.0.0.1-auto-1-exec-3  | SERVLET_CONTAINER     | true  | DispatcherServlet's lazy initialisation
					https-jsse-nio-8443-exec-10       | SERVLET_CONTAINER     | true  | before the tracing filter
					tomcat-handler-7                  | SERVLET_CONTAINER     | true  | before the tracing filter
					qtp1846412426-42                  | SERVLET_CONTAINER     | true  | before the tracing filter
					XNIO-1 task-3                     | SERVLET_CONTAINER     | true  | before the tracing filter
					reactor-http-nio-2                | EVENT_LOOP            | false | outside the request's reactive chain
					reactor-http-epoll-4              | EVENT_LOOP            | false | spring.reactor.context-propagation=auto
					boundedElastic-1                  | REACTOR_SCHEDULER     | false | TracedTasks.runnable(...) to Scheduler.schedule
					parallel-3                        | REACTOR_SCHEDULER     | false | subscribeOn or publishOn
					single-1                          | REACTOR_SCHEDULER     | false | subscribeOn or publishOn
					scheduling-1                      | SPRING_SCHEDULER      | false | every @Scheduled method a trace of its own
					task-2                            | TASK_EXECUTOR         | false | spring.task.execution.propagate-context
					ForkJoinPool.commonPool-worker-1  | COMMON_POOL           | false | pass an executor bean
					pool-2-thread-1                   | EXECUTOR_MADE_IN_CODE | false | TracedTasks.executorService(...)
					ForkJoinPool-1-worker-3           | EXECUTOR_MADE_IN_CODE | false | declare the executor as a bean
					Thread-7                          | BARE_THREAD           | false | give new Thread(...) a TracedTasks.runnable(...)
					''                                | VIRTUAL_THREAD        | false | Executors.newVirtualThreadPerTaskExecutor()
					orders-3                          | OTHER                 | false | declare it as a bean
					mainframe                         | OTHER                 | false | TracedTasks.callable(...)
					Thread-x                          | OTHER                 | false | TracedTasks.callable(...)
					""")
	void namesKindsAndAdvice(String threadName, ThreadKind kind, boolean untracedByDesign, String advice) {
		assertThat(ThreadKind.of(threadName)).isEqualTo(kind);
		assertThat(kind.isUntracedByDesign()).isEqualTo(untracedByDesign);
		assertThat(LogAdvice.of(kind)).contains(advice);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			Thread-7                          | new Thread
			pool-2-thread-1                   | executor made in code (Executors.new...)
			ForkJoinPool.commonPool-worker-1  | common pool (CompletableFuture or parallelStream without an executor)
			scheduling-1                      | Spring scheduler (scheduling-*)
			orders-12                         | orders-*
			worker                            | worker*
			""")
	void sourcesNameTheKindOrTheThreadFamilyAndLeadBackToTheKind(String threadName, String label) {
		LogCoverage coverage = new LogCoverage();
		coverage.withoutTraceId(threadName, "com.example.Orders");
		String source = label + " | com.example.Orders";
		assertThat(coverage.withoutTraceIdBySource()).containsOnlyKeys(source);
		assertThat(ThreadKind.ofSource(source)).isEqualTo(ThreadKind.of(threadName));
	}

}
