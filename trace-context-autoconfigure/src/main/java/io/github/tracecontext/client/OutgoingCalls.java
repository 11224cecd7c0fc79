package io.github.tracecontext.client;

import java.net.URI;
import java.util.List;

import io.github.tracecontext.internal.Guard;
import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.stats.PropagationCounters;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.http.HttpHeaders;

/**
 * Counts outgoing calls by whether they leave with trace headers, for every client kind;
 * keeps trace headers from destinations outside
 * {@code trace-context.outgoing.allowed-hosts}; forwards the correlation id
 * ({@code trace-context.correlation.*}) to the others.
 */
public final class OutgoingCalls {

	private final PropagationCounters counters;

	private final List<String> fields;

	private final List<String> allFields;

	private final AllowedHosts allowedHosts;

	private final @Nullable CorrelationIds correlation;

	private final Guard guard = new Guard(OutgoingCalls.class, "counting outgoing calls");

	/**
	 * Create a counter of outgoing calls.
	 * @param counters where to count
	 * @param fields the header names the configured propagator writes; a call carries
	 * context when one of them other than {@code tracestate} and {@code baggage} is
	 * present
	 */
	public OutgoingCalls(PropagationCounters counters, List<String> fields) {
		this(counters, fields, AllowedHosts.ALL);
	}

	/**
	 * Create a counter of outgoing calls that also keeps trace headers from destinations
	 * that may not receive them.
	 * @param counters where to count
	 * @param fields the header names the configured propagator writes
	 * @param allowedHosts the destinations that may receive them
	 */
	public OutgoingCalls(PropagationCounters counters, List<String> fields, AllowedHosts allowedHosts) {
		this(counters, fields, allowedHosts, null);
	}

	/**
	 * Create a counter of outgoing calls that also keeps trace headers from destinations
	 * that may not receive them and forwards the correlation id to those that may.
	 * @param counters where to count
	 * @param fields the header names the configured propagator writes
	 * @param allowedHosts the destinations that may receive them
	 * @param correlation the correlation header to forward, {@code null} for none
	 */
	public OutgoingCalls(PropagationCounters counters, List<String> fields, AllowedHosts allowedHosts,
			@Nullable CorrelationIds correlation) {
		this.counters = counters;
		this.correlation = correlation;
		this.allFields = List.copyOf(fields);
		this.allowedHosts = allowedHosts;
		// tracestate and baggage travel with a trace but are no trace by themselves
		this.fields = fields.stream()
			.filter((field) -> !field.equalsIgnoreCase("tracestate") && !field.equalsIgnoreCase("baggage"))
			.toList();
	}

	/**
	 * Count one call about to leave.
	 * @param headers its headers, after the propagator injected into them
	 */
	public void record(HttpHeaders headers) {
		this.guard.run(() -> this.counters.outgoing(carriesContext(headers)));
	}

	/**
	 * Whether a call may leave with its trace headers.
	 * @param uri the destination
	 * @return {@code true} if allowed
	 */
	public boolean allows(@Nullable URI uri) {
		return this.allowedHosts.allows(uri);
	}

	/**
	 * Remove every header the propagator wrote from a call to a destination that may not
	 * receive them, and count the call as blocked.
	 * @param headers the call's (mutable) headers
	 */
	public void strip(HttpHeaders headers) {
		this.guard.run(() -> {
			this.allFields.forEach(headers::remove);
			this.counters.recordOutgoingBlocked();
		});
	}

	/**
	 * Whether calls get the correlation header.
	 * @return {@code true} if a correlation header is forwarded
	 */
	public boolean forwardsCorrelation() {
		return this.correlation != null;
	}

	/**
	 * The correlation id of the calling thread.
	 * @return the id in the MDC, {@code null} if none or if none is forwarded
	 */
	public @Nullable String currentCorrelationId() {
		return (this.correlation != null) ? MDC.get(this.correlation.mdcKey()) : null;
	}

	/**
	 * Add the correlation header to a call to an allowed destination, unless the call
	 * sets one itself.
	 * @param headers the call's (mutable) headers
	 * @param id the id to forward, {@code null} for none
	 */
	public void forwardCorrelation(HttpHeaders headers, @Nullable String id) {
		CorrelationIds correlation = this.correlation;
		if (correlation != null && id != null) {
			this.guard.run(() -> {
				if (!headers.containsHeader(correlation.header())) {
					headers.set(correlation.header(), id);
					this.counters.recordCorrelationForwarded();
				}
			});
		}
	}

	/**
	 * Whether a call already sets the correlation header itself.
	 * @param headers the call's headers
	 * @return {@code true} if it does
	 */
	public boolean setsCorrelation(HttpHeaders headers) {
		return this.correlation != null && headers.containsHeader(this.correlation.header());
	}

	private boolean carriesContext(HttpHeaders headers) {
		for (String field : this.fields) {
			if (headers.getFirst(field) != null) {
				return true;
			}
		}
		return false;
	}

}
