package io.github.tracecontext.logging;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Log lines from the application's own code with and without a trace id, and, for those
 * without, where they came from: a {@link ThreadKind} and a logger. A line without an id
 * there is usually context lost on the way to another thread (the common pool,
 * {@code new Thread}, an executor made in code); lines that are untraced by design are
 * not recorded here.
 */
public class LogCoverage {

	/** Upper bound of distinct sources kept; the rest are counted under {@code other}. */
	public static final int MAX_SOURCES = 64;

	private final LongAdder withTraceId = new LongAdder();

	private final LongAdder withoutTraceId = new LongAdder();

	private final ConcurrentMap<String, LongAdder> withoutBySource = new ConcurrentHashMap<>();

	/**
	 * Record a line that carried a trace id.
	 */
	public void withTraceId() {
		this.withTraceId.increment();
	}

	/**
	 * Record a line without a trace id.
	 * @param threadName the logging thread's name
	 * @param loggerName the logger's name
	 */
	public void withoutTraceId(String threadName, String loggerName) {
		this.withoutTraceId.increment();
		String source = ThreadKind.of(threadName).describe(threadName) + " | " + loggerName;
		LongAdder count = this.withoutBySource.get(source);
		if (count == null) {
			count = (this.withoutBySource.size() < MAX_SOURCES)
					? this.withoutBySource.computeIfAbsent(source, (key) -> new LongAdder())
					: this.withoutBySource.computeIfAbsent("other", (key) -> new LongAdder());
		}
		count.increment();
	}

	public long withTraceIdCount() {
		return this.withTraceId.sum();
	}

	public long withoutTraceIdCount() {
		return this.withoutTraceId.sum();
	}

	/**
	 * Lines without a trace id by source, sorted by source.
	 * @return source ({@code thread kind | logger}) to count
	 */
	public Map<String, Long> withoutTraceIdBySource() {
		Map<String, Long> result = new TreeMap<>();
		this.withoutBySource.forEach((source, count) -> result.put(source, count.sum()));
		return result;
	}

}
