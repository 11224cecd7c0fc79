package io.github.tracecontext.actuate;

import java.util.List;

import io.github.tracecontext.traces.SpanNode;
import io.github.tracecontext.traces.TraceTree;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The response of {@code /actuator/tracecontext/traces/{traceId}}: the kept spans of one
 * trace as a tree.
 *
 * @param traceId the trace id
 * @param spanCount the number of kept spans
 * @param services the services of those spans, in the order they started
 * @param start the start of the earliest span (UTC, microseconds)
 * @param durationMicros from the earliest start to the latest end, in microseconds
 * @param error whether any span ended with an error status
 * @param spans the roots: spans without a parent or whose parent is not kept, by start
 */
public record TraceTreeDescriptor(String traceId, int spanCount, List<String> services, String start,
		long durationMicros, boolean error, List<SpanNode> spans) implements OperationResponseBody {

	static TraceTreeDescriptor of(TraceTree tree) {
		return new TraceTreeDescriptor(tree.traceId(), tree.spanCount(), tree.services(), tree.start(),
				tree.durationMicros(), tree.error(), tree.spans());
	}

}
