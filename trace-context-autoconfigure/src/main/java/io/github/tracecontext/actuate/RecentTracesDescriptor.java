package io.github.tracecontext.actuate;

import java.util.List;

import io.github.tracecontext.traces.RecentSpans;
import io.github.tracecontext.traces.TraceSummary;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The response of {@code /actuator/tracecontext/traces}.
 *
 * @param maxSpans the largest number of spans kept
 * @param maxBytes the largest estimated size of the spans kept, in bytes
 * @param spans the number of spans kept now
 * @param bytes their estimated size in bytes
 * @param dropped spans dropped since start to stay within the limits
 * @param traces the traces of the kept spans, newest first
 */
public record RecentTracesDescriptor(int maxSpans, long maxBytes, int spans, long bytes, long dropped,
		List<TraceSummary> traces) implements OperationResponseBody {

	static RecentTracesDescriptor of(RecentSpans.Recent recent) {
		return new RecentTracesDescriptor(recent.maxSpans(), recent.maxBytes(), recent.spans(), recent.bytes(),
				recent.dropped(), recent.traces());
	}

}
