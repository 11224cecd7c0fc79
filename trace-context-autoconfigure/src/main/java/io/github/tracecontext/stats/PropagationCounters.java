package io.github.tracecontext.stats;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.tracecontext.propagation.IncomingTraceparent.Outcome;

/**
 * Counters since start for how well trace context crosses the process boundary. Cheap to
 * update from many threads at once ({@link LongAdder}s, no allocation per update).
 */
public class PropagationCounters {

	private final Map<Outcome, LongAdder> incoming = new EnumMap<>(Outcome.class);

	private final LongAdder outgoingPropagated = new LongAdder();

	private final LongAdder outgoingWithoutContext = new LongAdder();

	private final LongAdder handOffsWithContext = new LongAdder();

	private final LongAdder handOffsWithoutContext = new LongAdder();

	public PropagationCounters() {
		for (Outcome outcome : Outcome.values()) {
			this.incoming.put(outcome, new LongAdder());
		}
	}

	/**
	 * Record the outcome of one incoming request's {@code traceparent}.
	 * @param outcome the outcome
	 */
	public void incoming(Outcome outcome) {
		this.incoming.get(outcome).increment();
	}

	/**
	 * Record one outgoing call.
	 * @param carriedContext whether the call left with trace headers
	 */
	public void outgoing(boolean carriedContext) {
		(carriedContext ? this.outgoingPropagated : this.outgoingWithoutContext).increment();
	}

	/**
	 * Record one task handed to another thread.
	 * @param withContext whether the submitter had a trace to pass on
	 */
	public void handOff(boolean withContext) {
		(withContext ? this.handOffsWithContext : this.handOffsWithoutContext).increment();
	}

	/**
	 * Tasks handed to another thread while the submitter had a trace, which went along.
	 * @return the count
	 */
	public long handOffsWithContext() {
		return this.handOffsWithContext.sum();
	}

	/**
	 * Tasks handed to another thread while the submitter had no trace to pass on.
	 * @return the count
	 */
	public long handOffsWithoutContext() {
		return this.handOffsWithoutContext.sum();
	}

	/**
	 * Requests whose incoming {@code traceparent} was valid and continued.
	 * @return the count
	 */
	public long incomingAccepted() {
		return this.incoming.get(Outcome.ACCEPTED).sum();
	}

	/**
	 * Requests that came without a {@code traceparent}.
	 * @return the count
	 */
	public long incomingAbsent() {
		return this.incoming.get(Outcome.ABSENT).sum();
	}

	/**
	 * Requests whose {@code traceparent} was present but rejected.
	 * @return the count
	 */
	public long incomingRejected() {
		return incomingRejectedByReason().values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Rejected incoming headers by reason, every reason listed.
	 * @return reason to count, in a stable order
	 */
	public Map<String, Long> incomingRejectedByReason() {
		Map<String, Long> byReason = new LinkedHashMap<>();
		this.incoming.forEach((outcome, count) -> {
			if (outcome.isRejected()) {
				byReason.put(outcome.reason(), count.sum());
			}
		});
		return byReason;
	}

	/**
	 * Outgoing calls through an instrumented client that carried trace headers.
	 * @return the count
	 */
	public long outgoingPropagated() {
		return this.outgoingPropagated.sum();
	}

	/**
	 * Outgoing calls through an instrumented client that left without trace headers.
	 * @return the count
	 */
	public long outgoingWithoutContext() {
		return this.outgoingWithoutContext.sum();
	}

}
