package io.github.tracecontext.propagation;

import io.github.tracecontext.propagation.IncomingTraceparent.Outcome;

/**
 * Told what the starter's propagator made of each incoming request's trace headers.
 * Implementations must be cheap and must not throw: they run on the request thread.
 */
public interface IncomingListener {

	/** Ignores everything. */
	IncomingListener NONE = new IncomingListener() {

		@Override
		public void traceparent(Outcome outcome) {
		}

		@Override
		public void rejected(String reason) {
		}

		@Override
		public void restartedByPolicy() {
		}

	};

	/**
	 * The outcome of one request's {@code traceparent}: continued, absent or rejected.
	 * @param outcome the outcome
	 */
	void traceparent(Outcome outcome);

	/**
	 * Something other than the {@code traceparent} was dropped or cut (for example an
	 * invalid {@code tracestate}); the request itself went on.
	 * @param reason the reason, one of a fixed set
	 */
	void rejected(String reason);

	/**
	 * A caller that is not trusted sent a trace; a new one was started instead.
	 */
	void restartedByPolicy();

}
