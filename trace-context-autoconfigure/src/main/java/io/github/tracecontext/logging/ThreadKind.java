package io.github.tracecontext.logging;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The kinds of thread a log line without a trace id can come from, told apart by the
 * names their pools give them (the endpoint's advice says what to do about each). First
 * match wins, in declaration order.
 * <p>
 * Lines on most kinds count as lost: the thread runs work that had, or could have had, a
 * trace. Two kinds are untraced by design, because no request or task trace exists on
 * them when such a line is logged:
 * <ul>
 * <li>{@link #MAIN}: start-up and shutdown (the coverage filter only listens between the
 * two, but runners, ready listeners and a {@code close()} on {@code main} still log
 * there);</li>
 * <li>{@link #SERVLET_CONTAINER}: the observation filter keeps the server span in scope
 * for the whole filter chain, error dispatch included, and excluded paths are marked as
 * {@code UntracedByDesign}; so a line without a trace id on these threads was logged
 * before the chain (the DispatcherServlet's lazy initialisation on the first request, a
 * filter ordered before the observation filter) or after it (the container's own
 * logging). No wrapper could give it a trace. The one exception, WebFlux deployed on a
 * servlet container, runs its chain on these threads too and is rare enough to
 * accept.</li>
 * </ul>
 * Netty event loops stay counted: WebFlux runs each request's own code on them, so a line
 * without a trace id there is most often a chain that lost the request's context.
 */
public enum ThreadKind {

	/** {@code main}, and Spring Boot's shutdown hook. */
	MAIN("main thread (start-up, shutdown)", "main|SpringApplicationShutdownHook", true),

	/** Request threads of Tomcat (platform or virtual), Jetty and Undertow. */
	SERVLET_CONTAINER("servlet container thread",
			"(?:https?|ajp)-.+-(?:exec|virt)-\\d+|tomcat-handler-\\d+|qtp\\d+-\\d+|XNIO-\\d+ (?:task|I/O)-\\d+", true),

	/** Reactor Netty's event loops. */
	EVENT_LOOP("Netty event loop", "reactor-http-(?:nio|epoll|kqueue|io_uring)-\\d+", false),

	/** Reactor's schedulers. */
	REACTOR_SCHEDULER("Reactor scheduler", "(?:boundedElastic|parallel|single)-\\d+", false),

	/** Spring Boot's task scheduler. */
	SPRING_SCHEDULER("Spring scheduler (scheduling-*)", "scheduling-\\d+", false),

	/** Spring Boot's task executor ({@code @Async}, {@code applicationTaskExecutor}). */
	TASK_EXECUTOR("Spring task executor (task-*)", "task-\\d+", false),

	/** The JDK's common fork/join pool. */
	COMMON_POOL("common pool (CompletableFuture or parallelStream without an executor)",
			"ForkJoinPool\\.commonPool-worker-\\d+", false),

	/** Executors made with {@code Executors.new...} or {@code new ForkJoinPool()}. */
	EXECUTOR_MADE_IN_CODE("executor made in code (Executors.new...)",
			"pool-\\d+-thread-\\d+|ForkJoinPool-\\d+-worker-\\d+", false),

	/** Threads started with {@code new Thread(...)}. */
	BARE_THREAD("new Thread", "Thread-\\d+", false),

	/** Virtual threads, which have no name unless given one. */
	VIRTUAL_THREAD("unnamed virtual thread", "", false),

	/**
	 * Any other thread: reported by its name with the trailing number replaced by
	 * {@code *}.
	 */
	OTHER(null, null, false);

	private final @Nullable String label;

	private final @Nullable Pattern names;

	private final boolean untracedByDesign;

	ThreadKind(@Nullable String label, @Nullable String names, boolean untracedByDesign) {
		this.label = label;
		this.names = (names != null) ? Pattern.compile(names) : null;
		this.untracedByDesign = untracedByDesign;
	}

	/**
	 * The kind of a thread.
	 * @param threadName the thread's name
	 * @return its kind, {@link #OTHER} when none matches
	 */
	public static ThreadKind of(String threadName) {
		for (ThreadKind kind : values()) {
			if (kind.names != null && kind.names.matcher(threadName).matches()) {
				return kind;
			}
		}
		return OTHER;
	}

	/**
	 * The kind a log-line source ({@code thread kind | logger}) was filed under.
	 * @param source the source
	 * @return its kind, {@link #OTHER} when it names none
	 */
	public static ThreadKind ofSource(String source) {
		for (ThreadKind kind : values()) {
			if (kind.label != null && source.startsWith(kind.label + " | ")) {
				return kind;
			}
		}
		return OTHER;
	}

	/**
	 * Whether lines without a trace id on this kind of thread are untraced by design
	 * rather than lost: no request or task trace exists there to carry.
	 * @return {@code true} if they should not count against log coverage
	 */
	public boolean isUntracedByDesign() {
		return this.untracedByDesign;
	}

	/**
	 * How a thread of this kind is named in log-line sources.
	 * @param threadName the thread's name
	 * @return the kind's label, or for {@link #OTHER} the name with its trailing number
	 * replaced by {@code *}
	 */
	String describe(String threadName) {
		if (this.label != null) {
			return this.label;
		}
		int end = threadName.length();
		while (end > 0 && Character.isDigit(threadName.charAt(end - 1))) {
			end--;
		}
		return threadName.substring(0, end) + "*";
	}

}
