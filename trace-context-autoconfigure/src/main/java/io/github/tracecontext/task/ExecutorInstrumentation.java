package io.github.tracecontext.task;

/**
 * How an executor bean carries context, as reported by the endpoint.
 */
final class ExecutorInstrumentation {

	/**
	 * Already has Spring's context-propagating task decorator (Spring Boot's builders
	 * apply it).
	 */
	static final String SPRING_TASK_DECORATOR = "spring-task-decorator";

	/** The starter set its task decorator (composed with any the executor had). */
	static final String TASK_DECORATOR = "task-decorator";

	/** Wrapped in a proxy that carries context into every submitted task. */
	static final String PROXY = "proxy";

	/** Named in {@code trace-context.async.ignored-beans}: left untouched. */
	static final String IGNORED = "ignored";

	private ExecutorInstrumentation() {
	}

}
