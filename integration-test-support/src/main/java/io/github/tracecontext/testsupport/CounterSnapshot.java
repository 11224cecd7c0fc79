package io.github.tracecontext.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.github.tracecontext.propagation.DroppedHeader;
import io.github.tracecontext.propagation.RequestOutcome;
import io.github.tracecontext.stats.PropagationCounters;

/**
 * The counters of {@link PropagationCounters} at one moment, to compare before and after
 * a request. {@code byReason} holds the {@code traceparent} rejections and the dropped
 * values of every other header (their reasons are distinct).
 */
public record CounterSnapshot(long continued, long started, long rejected, long restartedByPolicy, long excluded,
		long blockedByPolicy, Map<String, Long> byReason) {

	public static CounterSnapshot of(PropagationCounters counters) {
		Map<String, Long> byReason = new HashMap<>(counters.rejectedByReason());
		for (DroppedHeader header : DroppedHeader.values()) {
			byReason.putAll(counters.droppedByReason(header));
		}
		return new CounterSnapshot(counters.requests(RequestOutcome.CONTINUED),
				counters.requests(RequestOutcome.STARTED), counters.requests(RequestOutcome.REJECTED),
				counters.requests(RequestOutcome.RESTARTED_BY_POLICY), counters.requests(RequestOutcome.EXCLUDED),
				counters.outgoingBlocked(), Map.copyOf(byReason));
	}

	/** The reasons whose count changed since {@code before}, with the difference. */
	public Map<String, Long> reasonsSince(CounterSnapshot before) {
		Map<String, Long> delta = new TreeMap<>();
		Map<String, Long> all = new HashMap<>(this.byReason);
		before.byReason.keySet().forEach((reason) -> all.putIfAbsent(reason, 0L));
		all.forEach((reason, count) -> {
			long diff = count - before.byReason.getOrDefault(reason, 0L);
			if (diff != 0) {
				delta.put(reason, diff);
			}
		});
		return delta;
	}

}
