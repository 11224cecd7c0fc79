package io.github.tracecontext.stats;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.tracecontext.propagation.CorrelationIds;
import io.github.tracecontext.propagation.IncomingListener;
import io.github.tracecontext.propagation.IncomingTraceparent.Outcome;

/**
 * Counters since start for how well trace context crosses the process boundary. Cheap to
 * update from many threads at once ({@link LongAdder}s, no allocation per update).
 */
public class PropagationCounters implements IncomingListener, CorrelationIds.Listener {

	private final Map<Outcome, LongAdder> incoming = new EnumMap<>(Outcome.class);

	// reasons other than a traceparent's (tracestate, baggage): a fixed, small set of keys
	private final Map<String, LongAdder> otherRejections = new ConcurrentHashMap<>();

	private final LongAdder restartedByPolicy = new LongAdder();

	private final LongAdder outgoingBlocked = new LongAdder();

	private final LongAdder outgoingPropagated = new LongAdder();

	private final LongAdder outgoingWithoutContext = new LongAdder();

	private final LongAdder handOffsWithContext = new LongAdder();

	private final LongAdder handOffsWithoutContext = new LongAdder();

	private final Map<CorrelationIds.Outcome, LongAdder> correlation = new EnumMap<>(CorrelationIds.Outcome.class);

	private final LongAdder correlationForwarded = new LongAdder();

	public PropagationCounters() {
		for (Outcome outcome : Outcome.values()) {
			this.incoming.put(outcome, new LongAdder());
		}
		for (CorrelationIds.Outcome outcome : CorrelationIds.Outcome.values()) {
			this.correlation.put(outcome, new LongAdder());
		}
	}

	@Override
	public void correlation(CorrelationIds.Outcome outcome) {
		this.correlation.get(outcome).increment();
	}

	/**
	 * Incoming requests by what happened to their correlation id.
	 * @param outcome the outcome
	 * @return the count
	 */
	public long correlationCount(CorrelationIds.Outcome outcome) {
		return this.correlation.get(outcome).sum();
	}

	/** Record one outgoing call that carried the correlation header. */
	public void recordCorrelationForwarded() {
		this.correlationForwarded.increment();
	}

	/**
	 * Outgoing calls that carried the correlation header.
	 * @return the count
	 */
	public long correlationForwarded() {
		return this.correlationForwarded.sum();
	}

	/**
	 * Record the outcome of one incoming request's {@code traceparent}.
	 * @param outcome the outcome
	 */
	public void incoming(Outcome outcome) {
		this.incoming.get(outcome).increment();
	}

	@Override
	public void traceparent(Outcome outcome) {
		incoming(outcome);
	}

	@Override
	public void rejected(String reason) {
		this.otherRejections.computeIfAbsent(reason, (key) -> new LongAdder()).increment();
	}

	@Override
	public void restartedByPolicy() {
		this.restartedByPolicy.increment();
	}

	/**
	 * Requests from callers that are not trusted whose trace was restarted (with a link).
	 * @return the count
	 */
	public long incomingRestartedByPolicy() {
		return this.restartedByPolicy.sum();
	}

	/**
	 * Record one outgoing call whose trace headers were removed because its destination
	 * is not allowed to receive them.
	 */
	public void recordOutgoingBlocked() {
		this.outgoingBlocked.increment();
	}

	/**
	 * Outgoing calls that left without trace headers by policy.
	 * @return the count
	 */
	public long outgoingBlocked() {
		return this.outgoingBlocked.sum();
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
	 * Rejections for one reason, of a {@code traceparent} or of another header.
	 * @param reason the reason
	 * @return the count
	 */
	public long incomingRejected(String reason) {
		for (Map.Entry<Outcome, LongAdder> entry : this.incoming.entrySet()) {
			if (reason.equals(entry.getKey().reason())) {
				return entry.getValue().sum();
			}
		}
		LongAdder other = this.otherRejections.get(reason);
		return (other != null) ? other.sum() : 0;
	}

	/**
	 * Requests whose {@code traceparent} was present but rejected, for any reason.
	 * @return the count
	 */
	public long incomingRejected() {
		long rejected = 0;
		for (Map.Entry<Outcome, LongAdder> entry : this.incoming.entrySet()) {
			rejected += entry.getKey().isRejected() ? entry.getValue().sum() : 0;
		}
		return rejected;
	}

	/**
	 * Rejected incoming headers by reason: every {@code traceparent} reason, then those of
	 * other headers (a dropped or cut {@code tracestate}, oversized {@code baggage}) that
	 * occurred; those requests still continued the caller's trace.
	 * @return reason to count, {@code traceparent} reasons in a stable order
	 */
	public Map<String, Long> incomingRejectedByReason() {
		Map<String, Long> byReason = new LinkedHashMap<>();
		this.incoming.forEach((outcome, count) -> {
			if (outcome.isRejected()) {
				byReason.put(outcome.reason(), count.sum());
			}
		});
		this.otherRejections.forEach((reason, count) -> byReason.put(reason, count.sum()));
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
