package io.github.tracecontext.traces;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One trace among the kept spans.
 *
 * @param traceId the trace id
 * @param rootService the service of the root span: the earliest span whose parent is not
 * kept
 * @param rootName the root span's name
 * @param spanCount the number of kept spans of the trace
 * @param services the services of those spans, in the order they started
 * @param start the start of the earliest span (UTC, microseconds)
 * @param durationMicros from the earliest start to the latest end, in microseconds
 * @param error whether any of the spans ended with an error status
 */
public record TraceSummary(String traceId, String rootService, String rootName, int spanCount, List<String> services,
		String start, long durationMicros, boolean error) {

	private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	static final Comparator<RecordedSpan> BY_START = Comparator.comparingLong(RecordedSpan::startEpochMicros)
		.thenComparing(RecordedSpan::spanId);

	/**
	 * Summarize the kept spans of one trace.
	 * @param traceId the trace id
	 * @param spans the trace's spans, not empty
	 * @return the summary
	 */
	static TraceSummary of(String traceId, List<RecordedSpan> spans) {
		List<RecordedSpan> byStart = spans.stream().sorted(BY_START).toList();
		Set<String> spanIds = new HashSet<>();
		byStart.forEach((span) -> spanIds.add(span.spanId()));
		RecordedSpan root = byStart.stream()
			.filter((span) -> span.parentSpanId() == null || !spanIds.contains(span.parentSpanId()))
			.findFirst()
			.orElse(byStart.get(0));
		Set<String> services = new LinkedHashSet<>();
		long start = byStart.get(0).startEpochMicros();
		long end = start;
		boolean error = false;
		for (RecordedSpan span : byStart) {
			services.add(span.service());
			end = Math.max(end, span.startEpochMicros() + span.durationMicros());
			error |= span.error();
		}
		return new TraceSummary(traceId, root.service(), root.name(), byStart.size(), List.copyOf(services),
				format(start), end - start, error);
	}

	static String format(long epochMicros) {
		long seconds = Math.floorDiv(epochMicros, 1_000_000L);
		long nanos = TimeUnit.MICROSECONDS.toNanos(Math.floorMod(epochMicros, 1_000_000L));
		return INSTANT.format(Instant.ofEpochSecond(seconds, nanos));
	}

}
