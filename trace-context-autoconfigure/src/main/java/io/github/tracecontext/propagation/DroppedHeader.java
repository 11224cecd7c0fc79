package io.github.tracecontext.propagation;

import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.w3c.TracestateOutcome;

/**
 * The incoming headers other than {@code traceparent} whose values can be dropped or cut
 * while the request goes on; each has its own reasons and its own total.
 */
public enum DroppedHeader {

	/** {@code tracestate}: reasons are those of {@link TracestateOutcome}. */
	TRACESTATE("tracestate"),

	/** {@code baggage}: {@link StrictTraceContextPropagator#BAGGAGE_OVERSIZED}. */
	BAGGAGE("baggage"),

	/**
	 * The legacy correlation header: the {@code correlation-*} reasons of
	 * {@link CorrelationIds}.
	 */
	CORRELATION("correlation");

	private final String tag;

	DroppedHeader(String tag) {
		this.tag = tag;
	}

	/**
	 * The header as it appears in meter tags and the endpoint.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

}
