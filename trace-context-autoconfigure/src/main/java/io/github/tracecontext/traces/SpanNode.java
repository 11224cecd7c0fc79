package io.github.tracecontext.traces;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A kept span in its trace's tree.
 *
 * @param spanId the span id
 * @param parentSpanId the parent's span id, or {@code null} for a span that started the
 * trace
 * @param parentMissing whether the span has a parent that is not kept (a remote caller, a
 * span not finished yet, or one dropped already), which makes it a root of the tree
 * @param service the {@code service.name} of the process that recorded it
 * @param name the span name
 * @param kind the span kind
 * @param start the start (UTC, microseconds)
 * @param offsetMicros the start relative to the trace's earliest kept span, in
 * microseconds
 * @param durationMicros the duration in microseconds
 * @param error whether the span ended with an error status
 * @param attributes a few attributes, as text
 * @param links the spans this span links to
 * @param children the spans whose parent this is, by start
 */
public record SpanNode(String spanId, @Nullable String parentSpanId, boolean parentMissing, String service, String name,
		String kind, String start, long offsetMicros, long durationMicros, boolean error,
		Map<String, String> attributes, List<RecordedSpan.Link> links, List<SpanNode> children) {

}
