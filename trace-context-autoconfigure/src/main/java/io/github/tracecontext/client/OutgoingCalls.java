package io.github.tracecontext.client;

import java.util.List;

import io.github.tracecontext.internal.Guard;
import io.github.tracecontext.stats.PropagationCounters;

import org.springframework.http.HttpHeaders;

/**
 * Counts outgoing calls by whether they leave with trace headers, for every client kind.
 */
public final class OutgoingCalls {

	private final PropagationCounters counters;

	private final List<String> fields;

	private final Guard guard = new Guard(OutgoingCalls.class, "counting outgoing calls");

	/**
	 * Create a counter of outgoing calls.
	 * @param counters where to count
	 * @param fields the header names the configured propagator writes; a call carries context
	 * when one of them other than {@code tracestate} and {@code baggage} is present
	 */
	public OutgoingCalls(PropagationCounters counters, List<String> fields) {
		this.counters = counters;
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

	private boolean carriesContext(HttpHeaders headers) {
		for (String field : this.fields) {
			if (headers.getFirst(field) != null) {
				return true;
			}
		}
		return false;
	}

}
