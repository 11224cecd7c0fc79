package io.github.tracecontext.client;

import java.net.URI;
import java.util.List;

import io.github.tracecontext.internal.Guard;
import io.github.tracecontext.stats.PropagationCounters;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Counts outgoing calls by whether they leave with trace headers, for every client kind.
 */
public final class OutgoingCalls {

	private final PropagationCounters counters;

	private final List<String> fields;

	private final List<String> allFields;

	private final AllowedHosts allowedHosts;

	private final Guard guard = new Guard(OutgoingCalls.class, "counting outgoing calls");

	/**
	 * Create a counter of outgoing calls.
	 * @param counters where to count
	 * @param fields the header names the configured propagator writes; a call carries context
	 * when one of them other than {@code tracestate} and {@code baggage} is present
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
		this.counters = counters;
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

	private boolean carriesContext(HttpHeaders headers) {
		for (String field : this.fields) {
			if (headers.getFirst(field) != null) {
				return true;
			}
		}
		return false;
	}

}
