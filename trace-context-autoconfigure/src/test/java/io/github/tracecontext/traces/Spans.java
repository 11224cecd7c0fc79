package io.github.tracecontext.traces;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Builds {@link RecordedSpan}s for tests.
 */
final class Spans {

	static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private Spans() {
	}

	static RecordedSpan span(String spanId, @Nullable String parentSpanId, long start) {
		return span(TRACE, spanId, parentSpanId, start);
	}

	static RecordedSpan span(String traceId, String spanId, @Nullable String parentSpanId, long start) {
		return new RecordedSpan(traceId, spanId, parentSpanId, "svc", "op " + spanId, "INTERNAL", start, 10, false,
				Map.of(), List.of());
	}

	static String id(int n) {
		return String.format("%016x", n + 1);
	}

	static String traceId(int n) {
		return String.format("%032x", n + 1);
	}

}
