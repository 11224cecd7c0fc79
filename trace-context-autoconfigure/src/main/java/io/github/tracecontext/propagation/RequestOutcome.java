package io.github.tracecontext.propagation;

import io.github.tracecontext.w3c.IncomingTraceparent;

/**
 * What happened to one incoming request's trace context: each request has exactly one
 * outcome, so the outcomes of all requests add up to the requests received.
 */
public enum RequestOutcome {

	/** A trusted caller sent a valid {@code traceparent}: its trace is continued. */
	CONTINUED("continued"),

	/** No {@code traceparent}: a new trace was started. */
	STARTED("started"),

	/**
	 * A {@code traceparent} that could not be used (counted by reason): a new trace was
	 * started.
	 */
	REJECTED("rejected"),

	/**
	 * A valid {@code traceparent} from a caller that is not trusted: a new trace with a
	 * link to it.
	 */
	RESTARTED_BY_POLICY("restarted-by-policy"),

	/**
	 * A request on an excluded path: no span, the caller's context (if any) still
	 * current. Counted apart from the others and never part of a share.
	 */
	EXCLUDED("excluded");

	private final String tag;

	RequestOutcome(String tag) {
		this.tag = tag;
	}

	/**
	 * The outcome as it appears in meter tags.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * The outcome of a request that is not excluded.
	 * @param traceparent what its {@code traceparent} was
	 * @param trusted whether its caller may continue its trace
	 * @return the outcome
	 */
	public static RequestOutcome of(IncomingTraceparent.Outcome traceparent, boolean trusted) {
		if (traceparent.isRejected()) {
			return REJECTED;
		}
		if (traceparent == IncomingTraceparent.Outcome.ABSENT) {
			return STARTED;
		}
		return trusted ? CONTINUED : RESTARTED_BY_POLICY;
	}

}
