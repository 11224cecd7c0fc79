package io.github.tracecontext.traces;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The most recently finished spans, oldest dropped first once either limit is reached: a
 * number of spans and an estimated size in bytes ({@link RecordedSpan#estimatedBytes()}).
 * Adding a span takes a short lock and never allocates beyond its entry; reading copies
 * the spans under the lock and groups them outside it.
 */
public class RecentSpans {

	private final int maxSpans;

	private final long maxBytes;

	private final ReentrantLock lock = new ReentrantLock();

	private final ArrayDeque<Entry> entries = new ArrayDeque<>();

	private long bytes;

	private long dropped;

	/**
	 * Create a store.
	 * @param maxSpans the largest number of spans kept, at least 1
	 * @param maxBytes the largest estimated size of the spans kept, at least 1
	 */
	public RecentSpans(int maxSpans, long maxBytes) {
		if (maxSpans < 1 || maxBytes < 1) {
			throw new IllegalArgumentException("max-spans and max-bytes must be positive, got " + maxSpans + " and "
					+ maxBytes + " bytes (switch the store off with trace-context.traces.enabled=false)");
		}
		this.maxSpans = maxSpans;
		this.maxBytes = maxBytes;
	}

	/**
	 * Keep a finished span, dropping the oldest ones until both limits hold. A span
	 * larger than the byte limit on its own is dropped instead.
	 * @param span the span
	 */
	public void add(RecordedSpan span) {
		long size = span.estimatedBytes();
		this.lock.lock();
		try {
			if (size > this.maxBytes) {
				this.dropped++;
				return;
			}
			while (this.entries.size() >= this.maxSpans || this.bytes + size > this.maxBytes) {
				this.bytes -= this.entries.removeFirst().bytes();
				this.dropped++;
			}
			this.entries.addLast(new Entry(span, size));
			this.bytes += size;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The spans kept, oldest finished first.
	 * @return a copy of the spans
	 */
	public List<RecordedSpan> spans() {
		return snapshot().spans();
	}

	/**
	 * The traces of the spans kept, newest first, and how full the store is.
	 * @return one summary per trace, with the limits and the current use
	 */
	public Recent recent() {
		Snapshot snapshot = snapshot();
		Map<String, List<RecordedSpan>> byTrace = new HashMap<>();
		Map<String, Long> starts = new HashMap<>();
		for (RecordedSpan span : snapshot.spans()) {
			byTrace.computeIfAbsent(span.traceId(), (id) -> new ArrayList<>()).add(span);
			starts.merge(span.traceId(), span.startEpochMicros(), Math::min);
		}
		List<String> newestFirst = new ArrayList<>(byTrace.keySet());
		newestFirst.sort(Comparator.comparing(starts::get, Comparator.reverseOrder()));
		List<TraceSummary> traces = newestFirst.stream()
			.map((traceId) -> TraceSummary.of(traceId, Objects.requireNonNull(byTrace.get(traceId))))
			.toList();
		return new Recent(this.maxSpans, this.maxBytes, snapshot.spans().size(), snapshot.bytes(), snapshot.dropped(),
				traces);
	}

	/**
	 * The kept spans of one trace as a tree.
	 * @param traceId the trace id (hex, any case)
	 * @return the tree, or {@code null} when no span of that trace is kept
	 */
	public @Nullable TraceTree trace(String traceId) {
		String id = traceId.toLowerCase(Locale.ROOT);
		List<RecordedSpan> spans = snapshot().spans().stream().filter((span) -> span.traceId().equals(id)).toList();
		return spans.isEmpty() ? null : TraceTree.of(id, spans);
	}

	private Snapshot snapshot() {
		this.lock.lock();
		try {
			List<RecordedSpan> spans = new ArrayList<>(this.entries.size());
			this.entries.forEach((entry) -> spans.add(entry.span()));
			return new Snapshot(spans, this.bytes, this.dropped);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The traces of the spans kept and how full the store is.
	 *
	 * @param maxSpans the span limit
	 * @param maxBytes the byte limit
	 * @param spans the number of spans kept
	 * @param bytes their estimated size in bytes
	 * @param dropped spans dropped since start to stay within the limits
	 * @param traces one summary per trace, newest first
	 */
	public record Recent(int maxSpans, long maxBytes, int spans, long bytes, long dropped, List<TraceSummary> traces) {

	}

	private record Entry(RecordedSpan span, long bytes) {

	}

	private record Snapshot(List<RecordedSpan> spans, long bytes, long dropped) {

	}

}
