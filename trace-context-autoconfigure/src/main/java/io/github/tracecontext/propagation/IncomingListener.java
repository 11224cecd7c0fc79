package io.github.tracecontext.propagation;

import io.github.tracecontext.w3c.IncomingTraceparent;

/**
 * Told what the starter's propagator made of each incoming request's trace headers.
 * Implementations must be cheap and must not throw: they run on the request thread.
 */
public interface IncomingListener {

	/** Ignores everything. */
	IncomingListener NONE = new IncomingListener() {

		@Override
		public void request(RequestOutcome outcome, IncomingTraceparent.Outcome traceparent) {
		}

		@Override
		public void dropped(DroppedHeader header, String reason) {
		}

	};

	/**
	 * The one outcome of one request.
	 * @param outcome the outcome
	 * @param traceparent what its {@code traceparent} was (the reason of a
	 * {@link RequestOutcome#REJECTED rejection})
	 */
	void request(RequestOutcome outcome, IncomingTraceparent.Outcome traceparent);

	/**
	 * A value of another header was dropped or cut; the request itself went on.
	 * @param header the header
	 * @param reason the reason, one of a fixed set per header
	 */
	void dropped(DroppedHeader header, String reason);

	/**
	 * A listener for requests on excluded paths: each counts once as
	 * {@link RequestOutcome#EXCLUDED}, and nothing else of theirs is counted.
	 * @param target where the count goes
	 * @return the listener
	 */
	static IncomingListener excluded(IncomingListener target) {
		return new IncomingListener() {

			@Override
			public void request(RequestOutcome outcome, IncomingTraceparent.Outcome traceparent) {
				target.request(RequestOutcome.EXCLUDED, traceparent);
			}

			@Override
			public void dropped(DroppedHeader header, String reason) {
			}

		};
	}

}
