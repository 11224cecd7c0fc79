package io.github.tracecontext.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.github.tracecontext.stats.PropagationCounters;

/**
 * The counters of {@link PropagationCounters} at one moment, to compare before and after a
 * request.
 */
public record CounterSnapshot(long accepted, long absent, long rejected, long restartedByPolicy, long blockedByPolicy,
		Map<String, Long> byReason) {

	public static CounterSnapshot of(PropagationCounters counters) {
		return new CounterSnapshot(counters.incomingAccepted(), counters.incomingAbsent(),
				counters.incomingRejected(), counters.incomingRestartedByPolicy(), counters.outgoingBlocked(),
				Map.copyOf(counters.incomingRejectedByReason()));
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
