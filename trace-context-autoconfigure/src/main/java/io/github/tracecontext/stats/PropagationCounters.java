package io.github.tracecontext.stats;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.propagation.IncomingListener;
import io.github.tracecontext.propagation.DroppedHeader;
import io.github.tracecontext.w3c.IncomingTraceparent;
import io.github.tracecontext.propagation.RequestOutcome;

/**
 * Counters since start for how well trace context crosses the process boundary. Cheap to
 * update from many threads at once ({@link LongAdder}s, no allocation per update). Each
 * figure is defined here once; the endpoint, the meters and the recent window read it.
 * <ul>
 * <li>incoming requests: exactly one {@link RequestOutcome} each, so the outcomes add up
 * to the requests; {@link RequestOutcome#EXCLUDED} is kept apart from
 * {@link #requests()};</li>
 * <li>rejected {@code traceparent}s by reason, adding up to the rejected requests;</li>
 * <li>values of other headers dropped or cut, by {@link DroppedHeader} and reason, adding
 * up to that header's total.</li>
 * </ul>
 */
public class PropagationCounters implements IncomingListener, CorrelationIds.Listener {

	private final Map<RequestOutcome, LongAdder> requests = new EnumMap<>(RequestOutcome.class);

	private final Map<IncomingTraceparent.Outcome, LongAdder> rejectedByReason = new EnumMap<>(
			IncomingTraceparent.Outcome.class);

	// per header, a small fixed set of reasons each
	private final Map<DroppedHeader, Map<String, LongAdder>> dropped = new EnumMap<>(DroppedHeader.class);

	private final LongAdder outgoingBlocked = new LongAdder();

	private final LongAdder outgoingPropagated = new LongAdder();

	private final LongAdder outgoingWithoutContext = new LongAdder();

	private final LongAdder handOffsWithContext = new LongAdder();

	private final LongAdder handOffsWithoutContext = new LongAdder();

	private final Map<CorrelationIds.Outcome, LongAdder> correlation = new EnumMap<>(CorrelationIds.Outcome.class);

	private final LongAdder correlationForwarded = new LongAdder();

	public PropagationCounters() {
		for (RequestOutcome outcome : RequestOutcome.values()) {
			this.requests.put(outcome, new LongAdder());
		}
		for (IncomingTraceparent.Outcome outcome : IncomingTraceparent.Outcome.values()) {
			if (outcome.isRejected()) {
				this.rejectedByReason.put(outcome, new LongAdder());
			}
		}
		for (DroppedHeader header : DroppedHeader.values()) {
			this.dropped.put(header, new ConcurrentHashMap<>());
		}
		for (CorrelationIds.Outcome outcome : CorrelationIds.Outcome.values()) {
			this.correlation.put(outcome, new LongAdder());
		}
	}

	// the constructor puts every enum constant in these maps, so a lookup never misses
	private static <K, V> V filled(Map<K, V> map, K key) {
		return Objects.requireNonNull(map.get(key));
	}

	@Override
	public void request(RequestOutcome outcome, IncomingTraceparent.Outcome traceparent) {
		filled(this.requests, outcome).increment();
		if (outcome == RequestOutcome.REJECTED) {
			LongAdder reason = this.rejectedByReason.get(traceparent);
			if (reason != null) {
				reason.increment();
			}
		}
	}

	@Override
	public void dropped(DroppedHeader header, String reason) {
		filled(this.dropped, header).computeIfAbsent(reason, (key) -> new LongAdder()).increment();
	}

	/**
	 * Incoming requests with one outcome.
	 * @param outcome the outcome
	 * @return the count
	 */
	public long requests(RequestOutcome outcome) {
		return filled(this.requests, outcome).sum();
	}

	/**
	 * Incoming requests that are not excluded: the sum of every other outcome.
	 * @return the count
	 */
	public long requests() {
		long total = 0;
		for (Map.Entry<RequestOutcome, LongAdder> entry : this.requests.entrySet()) {
			total += (entry.getKey() != RequestOutcome.EXCLUDED) ? entry.getValue().sum() : 0;
		}
		return total;
	}

	/**
	 * Requests whose {@code traceparent} was rejected for one reason.
	 * @param reason the reason
	 * @return the count
	 */
	public long rejected(IncomingTraceparent.Outcome reason) {
		LongAdder count = this.rejectedByReason.get(reason);
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Rejected requests by the reason of their {@code traceparent}, every reason in a
	 * stable order; the counts add up to {@code requests(REJECTED)}.
	 * @return reason to count
	 */
	public Map<String, Long> rejectedByReason() {
		Map<String, Long> byReason = new LinkedHashMap<>();
		this.rejectedByReason.forEach((outcome, count) -> byReason.put(outcome.reason(), count.sum()));
		return byReason;
	}

	/**
	 * Values of one header dropped or cut for one reason.
	 * @param header the header
	 * @param reason the reason
	 * @return the count
	 */
	public long droppedCount(DroppedHeader header, String reason) {
		LongAdder count = filled(this.dropped, header).get(reason);
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Values of one header dropped or cut, by the reasons that occurred, sorted.
	 * @param header the header
	 * @return reason to count; the counts add up to {@link #droppedTotal(DroppedHeader)}
	 */
	public Map<String, Long> droppedByReason(DroppedHeader header) {
		Map<String, Long> byReason = new TreeMap<>();
		filled(this.dropped, header).forEach((reason, count) -> byReason.put(reason, count.sum()));
		return byReason;
	}

	/**
	 * Values of one header dropped or cut, for any reason.
	 * @param header the header
	 * @return the count
	 */
	public long droppedTotal(DroppedHeader header) {
		long total = 0;
		for (LongAdder count : filled(this.dropped, header).values()) {
			total += count.sum();
		}
		return total;
	}

	@Override
	public void correlation(CorrelationIds.Outcome outcome) {
		filled(this.correlation, outcome).increment();
	}

	/**
	 * Incoming requests by what happened to their correlation id.
	 * @param outcome the outcome
	 * @return the count
	 */
	public long correlationCount(CorrelationIds.Outcome outcome) {
		return filled(this.correlation, outcome).sum();
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

	@Override
	public void rejected(String reason) {
		dropped(DroppedHeader.CORRELATION, reason);
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
