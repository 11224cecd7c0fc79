package io.github.tracecontext.actuate;

import io.github.tracecontext.logging.ThreadKind;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to do about log lines without a trace id, by the kind of thread they came from:
 * one sentence per kind among the main sources, for the endpoint's summary and the health
 * details. The advice names only what fixes that kind: {@code TracedTasks} where the
 * starter cannot see the hand-off, a bean or a setting where Spring Boot would carry the
 * context.
 */
final class LogAdvice {

	private LogAdvice() {
	}

	/**
	 * One sentence for each thread kind among the sources, led by the first source of
	 * that kind.
	 * @param sources sources ({@code thread kind | logger}) to line count, most first
	 * @return the sentences, empty without sources
	 */
	static List<String> sentences(Map<String, Long> sources) {
		List<String> sentences = new ArrayList<>();
		Set<ThreadKind> advised = EnumSet.noneOf(ThreadKind.class);
		sources.forEach((source, count) -> {
			ThreadKind kind = ThreadKind.ofSource(source);
			if (advised.add(kind)) {
				String lead = sentences.isEmpty() ? "Most lines without a trace id came from "
						: "Lines without a trace id also came from ";
				sentences.add(lead + source + " (" + count + "): " + of(kind));
			}
		});
		return sentences;
	}

	/**
	 * What to do about lines without a trace id on a kind of thread.
	 * @param kind the kind
	 * @return the advice, without a leading capital
	 */
	static String of(ThreadKind kind) {
		return switch (kind) {
			case MAIN -> "logged outside any request (start-up, shutdown, a runner), where there is no trace to"
					+ " carry; run such work in an Observation if it should have a trace of its own.";
			case SERVLET_CONTAINER -> "logged on a request thread before the tracing filter opened the request's"
					+ " scope or after it closed it (the DispatcherServlet's lazy initialisation on the first"
					+ " request, a filter ordered before ServerHttpObservationFilter, the container's own logging);"
					+ " usually harmless: set spring.mvc.servlet.load-on-startup=1 to initialise the"
					+ " DispatcherServlet at start-up.";
			case EVENT_LOOP -> "code on the event loop outside the request's reactive chain (a separate"
					+ " subscribe(), a Netty handler or connection callback) does not see the request's context:"
					+ " return or compose the publisher into the request's chain, and keep"
					+ " spring.reactor.context-propagation=auto.";
			case REACTOR_SCHEDULER -> "work on a Reactor Scheduler outside the request's chain"
					+ " (Scheduler.schedule(...) called directly, or a separate subscribe()): use subscribeOn or"
					+ " publishOn inside the chain, or pass TracedTasks.runnable(...) to Scheduler.schedule.";
			case SPRING_SCHEDULER -> "Spring Boot gives every @Scheduled method a trace of its own and tasks"
					+ " scheduled from a request carry its trace, so these came from tasks registered in code from"
					+ " a thread with no trace (a SchedulingConfigurer, TaskScheduler.schedule at start-up): make"
					+ " the job a @Scheduled method or run its body in an Observation.";
			case TASK_EXECUTOR -> "Spring Boot's task executor carries the submitter's context"
					+ " (spring.task.execution.propagate-context, on by the starter's default), so these tasks were"
					+ " submitted from a thread with no trace (see the hand-offs without context), such as a new"
					+ " Thread calling an @Async method: fix the submitter.";
			case COMMON_POOL -> "pass an executor bean (such as applicationTaskExecutor) to CompletableFuture's"
					+ " *Async methods, or wrap the task with TracedTasks.supplier(...) or TracedTasks.runnable(...);"
					+ " parallelStream work cannot carry the context: log before or after the stream.";
			case EXECUTOR_MADE_IN_CODE -> "declare the executor as a bean (the starter wraps executor beans) or"
					+ " wrap it with TracedTasks.executorService(...) or TracedTasks.scheduledExecutorService(...).";
			case BARE_THREAD -> "give new Thread(...) a TracedTasks.runnable(...) made on the thread that has the"
					+ " context (CompletableFuture's *Async methods start such threads too when the common pool has"
					+ " a parallelism of one: pass them an executor bean).";
			case VIRTUAL_THREAD -> "a virtual thread started in code (Thread.ofVirtual(),"
					+ " Executors.newVirtualThreadPerTaskExecutor()): wrap the executor with"
					+ " TracedTasks.executorService(...) or the task with TracedTasks.runnable(...).";
			case OTHER -> "if the thread belongs to an executor made in code, declare it as a bean (the starter"
					+ " wraps executor beans) or wrap it with TracedTasks.executorService(...); for a single task,"
					+ " wrap it with TracedTasks.runnable(...) or TracedTasks.callable(...) on the thread that has"
					+ " the context.";
		};
	}

}
