package io.github.tracecontext.traces;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kept spans of one trace as a tree: each span under its parent, children by start.
 * The roots are the spans without a parent, those whose parent is not kept (flagged
 * {@link SpanNode#parentMissing()}) and, rarely, spans nested deeper than
 * {@link #MAX_DEPTH}.
 *
 * @param traceId the trace id
 * @param spanCount the number of kept spans
 * @param services the services of those spans, in the order they started
 * @param start the start of the earliest span (UTC, microseconds)
 * @param durationMicros from the earliest start to the latest end, in microseconds
 * @param error whether any span ended with an error status
 * @param spans the roots, by start
 */
public record TraceTree(String traceId, int spanCount, List<String> services, String start, long durationMicros,
		boolean error, List<SpanNode> spans) {

	/**
	 * Deepest nesting built; spans further down are listed as roots (their
	 * {@code parentSpanId} still names their parent), so that a pathological chain cannot
	 * make the JSON deeper than a reader accepts.
	 */
	static final int MAX_DEPTH = 64;

	static TraceTree of(String traceId, List<RecordedSpan> spans) {
		TraceSummary summary = TraceSummary.of(traceId, spans);
		List<RecordedSpan> byStart = spans.stream().sorted(TraceSummary.BY_START).toList();
		Map<String, RecordedSpan> byId = new HashMap<>();
		byStart.forEach((span) -> byId.putIfAbsent(span.spanId(), span));
		Map<String, List<RecordedSpan>> children = new HashMap<>();
		Deque<RecordedSpan> roots = new ArrayDeque<>();
		for (RecordedSpan span : byStart) {
			String parent = span.parentSpanId();
			if (parent != null && byId.containsKey(parent) && !parent.equals(span.spanId())) {
				children.computeIfAbsent(parent, (id) -> new ArrayList<>()).add(span);
			}
			else {
				roots.add(span);
			}
		}
		long origin = byStart.get(0).startEpochMicros();
		Set<RecordedSpan> placed = Collections.newSetFromMap(new IdentityHashMap<>());
		List<SpanNode> nodes = new ArrayList<>();
		Builder builder = new Builder(byId, children, placed, roots, origin);
		while (placed.size() < byStart.size()) {
			RecordedSpan next = roots.poll();
			if (next == null) {
				// only spans in a parent cycle are left (ids reused by a caller): start
				// anywhere
				next = byStart.stream().filter((span) -> !placed.contains(span)).findFirst().orElseThrow();
			}
			if (!placed.contains(next)) {
				nodes.add(builder.node(next, 0));
			}
		}
		nodes.sort(Comparator.comparingLong(SpanNode::offsetMicros).thenComparing(SpanNode::spanId));
		return new TraceTree(traceId, summary.spanCount(), summary.services(), summary.start(),
				summary.durationMicros(), summary.error(), List.copyOf(nodes));
	}

	private record Builder(Map<String, RecordedSpan> byId, Map<String, List<RecordedSpan>> children,
			Set<RecordedSpan> placed, Deque<RecordedSpan> roots, long origin) {

		SpanNode node(RecordedSpan span, int depth) {
			this.placed.add(span);
			List<SpanNode> nested = new ArrayList<>();
			for (RecordedSpan child : this.children.getOrDefault(span.spanId(), List.of())) {
				if (this.placed.contains(child)) {
					continue;
				}
				if (depth + 1 < MAX_DEPTH) {
					nested.add(node(child, depth + 1));
				}
				else {
					this.roots.add(child);
				}
			}
			String parent = span.parentSpanId();
			boolean parentMissing = parent != null && (!this.byId.containsKey(parent) || parent.equals(span.spanId()));
			return new SpanNode(span.spanId(), parent, parentMissing, span.service(), span.name(), span.kind(),
					TraceSummary.format(span.startEpochMicros()), span.startEpochMicros() - this.origin,
					span.durationMicros(), span.error(), span.attributes(), span.links(), List.copyOf(nested));
		}

	}

}
