package io.github.tracecontext.actuate;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The propagation figures over the recent window: counts, shares and rates.
 *
 * @param span the time they cover
 * @param counts the counts within it
 * @param logSourcesWithoutTraceId the sources (thread kind and logger) of most lines
 * without a trace id within it, most first
 */
public record RecentFigures(Duration span, Counts counts, Map<String, Long> logSourcesWithoutTraceId) {

	/**
	 * Share of log lines with a trace id.
	 * @return the share in [0, 1], {@code null} without lines
	 */
	public @Nullable Double logCoverage() {
		return share(this.counts.logsWithTraceId(), this.counts.logLines());
	}

	/**
	 * Share of outgoing calls that carried a trace.
	 * @return the share, {@code null} without calls
	 */
	public @Nullable Double propagatedShare() {
		return share(this.counts.propagated(), this.counts.calls());
	}

	/**
	 * Share of hand-offs that carried a trace.
	 * @return the share, {@code null} without hand-offs
	 */
	public @Nullable Double handOffsWithContextShare() {
		return share(this.counts.handOffsWithContext(), this.counts.handOffs());
	}

	/**
	 * Share of incoming requests that continued their caller's trace.
	 * @return the share, {@code null} without requests
	 */
	public @Nullable Double continuedShare() {
		return share(this.counts.continued(), this.counts.requests());
	}

	/**
	 * Share of incoming requests whose {@code traceparent} was rejected.
	 * @return the share, {@code null} without requests
	 */
	public @Nullable Double rejectedShare() {
		return share(this.counts.rejected(), this.counts.requests());
	}

	/**
	 * Events per second over the span.
	 * @param count the count
	 * @return the rate, 0 over an empty span
	 */
	public double perSecond(long count) {
		double seconds = this.span.toNanos() / 1e9;
		return (seconds > 0) ? Math.round(count / seconds * 1000) / 1000.0 : 0;
	}

	private static @Nullable Double share(long part, long whole) {
		return (whole > 0) ? Math.round(part * 10000.0 / whole) / 10000.0 : null;
	}

	/**
	 * Counts within the window.
	 *
	 * @param continued requests that continued their caller's trace
	 * @param started requests without a trace, which started one
	 * @param rejected requests with an invalid {@code traceparent}, which started one
	 * @param restartedByPolicy requests from callers that are not trusted (new trace,
	 * link)
	 * @param excluded requests on excluded paths, in no share
	 * @param propagated outgoing calls that carried trace headers
	 * @param orphan outgoing calls made with no current trace
	 * @param blockedByPolicy outgoing calls whose headers were kept back by the host
	 * allowlist
	 * @param handOffsWithContext tasks that started with their submitter's trace
	 * @param handOffsWithoutContext tasks whose submitter had no trace
	 * @param logsWithTraceId log lines with a trace id
	 * @param logsWithoutTraceId log lines without one
	 */
	public record Counts(long continued, long started, long rejected, long restartedByPolicy, long excluded,
			long propagated, long orphan, long blockedByPolicy, long handOffsWithContext, long handOffsWithoutContext,
			long logsWithTraceId, long logsWithoutTraceId) {

		/** Incoming requests that are not excluded. @return the count */
		public long requests() {
			return this.continued + this.started + this.rejected + this.restartedByPolicy;
		}

		/** Outgoing calls. @return the count */
		public long calls() {
			return this.propagated + this.orphan + this.blockedByPolicy;
		}

		/** Async hand-offs. @return the count */
		public long handOffs() {
			return this.handOffsWithContext + this.handOffsWithoutContext;
		}

		/** Log lines. @return the count */
		public long logLines() {
			return this.logsWithTraceId + this.logsWithoutTraceId;
		}

	}

}
