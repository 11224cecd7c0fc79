package io.github.tracecontext.actuate;

import java.util.List;
import java.util.Map;

import io.github.tracecontext.stats.InstrumentedComponents.Component;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The {@code tracecontext} endpoint's response.
 *
 * @param settings the effective settings
 * @param integrations integration name to whether it is active
 * @param instrumented component kind to the beans of that kind
 * @param counters the propagation counters since start
 * @param recent the same figures over the recent window, as rates and shares, with a
 * plain-language summary (absent when the window is not available)
 */
public record TraceContextDescriptor(Map<String, Object> settings, Map<String, Boolean> integrations,
		Map<String, List<Component>> instrumented, Counters counters,
		@Nullable Recent recent) implements OperationResponseBody {

	/**
	 * Figures over the recent window (five minutes, or the uptime when shorter). Shares
	 * are in [0, 1], {@code null} when nothing was counted.
	 *
	 * @param window the time covered (ISO-8601)
	 * @param summary plain sentences about what stands out
	 * @param incoming incoming requests
	 * @param outgoing outgoing calls
	 * @param async async hand-offs
	 * @param logs log lines
	 */
	public record Recent(String window, List<String> summary, RecentIncoming incoming, RecentOutgoing outgoing,
			RecentAsync async, RecentLogs logs) {
	}

	/**
	 * Recent incoming requests.
	 *
	 * @param requests the count
	 * @param perSecond the rate
	 * @param continuedShare share that continued the caller's trace
	 * @param rejectedShare share whose {@code traceparent} was rejected
	 * @param started requests without a trace
	 * @param restartedByPolicy requests from callers that are not trusted
	 * @param excluded requests on excluded paths (not in {@code requests} nor in a share)
	 */
	public record RecentIncoming(long requests, double perSecond, @Nullable Double continuedShare,
			@Nullable Double rejectedShare, long started, long restartedByPolicy, long excluded) {
	}

	/**
	 * Recent outgoing calls.
	 *
	 * @param calls the count
	 * @param perSecond the rate
	 * @param propagatedShare share that carried a trace
	 * @param orphan calls made with no current trace
	 * @param blockedByPolicy calls to hosts outside the allowlist
	 */
	public record RecentOutgoing(long calls, double perSecond, @Nullable Double propagatedShare, long orphan,
			long blockedByPolicy) {
	}

	/**
	 * Recent async hand-offs.
	 *
	 * @param handOffs the count
	 * @param withContextShare share whose submitter's trace went along
	 * @param withoutContext hand-offs from threads with no trace
	 */
	public record RecentAsync(long handOffs, @Nullable Double withContextShare, long withoutContext) {
	}

	/**
	 * Recent log lines.
	 *
	 * @param lines the count
	 * @param withTraceIdShare share that carried a trace id
	 * @param withoutTraceIdBySource the main sources of lines without one (thread kind
	 * and logger), most first
	 */
	public record RecentLogs(long lines, @Nullable Double withTraceIdShare, Map<String, Long> withoutTraceIdBySource) {
	}

	/**
	 * Counters since start.
	 *
	 * @param incoming incoming requests by the state of their {@code traceparent}
	 * @param outgoing outgoing calls through instrumented clients
	 * @param async tasks handed to other threads through covered executors
	 * @param logs the application's log lines with and without a trace id
	 * @param correlation the legacy correlation header, when enabled
	 */
	public record Counters(Incoming incoming, Outgoing outgoing, Async async, Logs logs, Correlation correlation) {
	}

	/**
	 * The legacy correlation header ({@code trace-context.correlation.*}); all zero when
	 * it is not enabled.
	 *
	 * @param accepted requests whose trusted caller sent a usable id
	 * @param absent requests without one
	 * @param rejected requests with an unusable one (dropped)
	 * @param rejectedByReason those by reason ({@code correlation-*}), adding up to
	 * {@code rejected}
	 * @param untrusted requests whose caller is not trusted (its id dropped)
	 * @param generated requests that got a generated id
	 * @param forwarded outgoing calls that carried it
	 */
	public record Correlation(long accepted, long absent, long rejected, Map<String, Long> rejectedByReason,
			long untrusted, long generated, long forwarded) {
	}

	/**
	 * The application's log lines since it became ready.
	 *
	 * @param withTraceId lines that carried a trace id
	 * @param withoutTraceId lines that did not
	 * @param withoutTraceIdBySource those without, by thread kind and logger
	 */
	public record Logs(long withTraceId, long withoutTraceId, Map<String, Long> withoutTraceIdBySource) {
	}

	/**
	 * Async hand-offs.
	 *
	 * @param withContext tasks whose submitter had a trace, which went along
	 * @param withoutContext tasks whose submitter had no trace to pass on
	 */
	public record Async(long withContext, long withoutContext) {
	}

	/**
	 * Incoming requests: each has exactly one outcome, and {@code requests} is the sum of
	 * all but {@code excluded}.
	 *
	 * @param requests the requests that are not excluded
	 * @param continued a trusted caller's valid {@code traceparent}: its trace continued
	 * @param started no {@code traceparent}: a new trace started
	 * @param rejected an unusable {@code traceparent}: a new trace started
	 * @param restartedByPolicy a valid {@code traceparent} from a caller that is not
	 * trusted: a new trace with a link to the caller's
	 * @param excluded requests on excluded paths, counted apart
	 * @param rejectedByReason the rejected ones by the reason of their
	 * {@code traceparent}, adding up to {@code rejected}
	 * @param dropped values of other headers dropped or cut while the request went on, by
	 * header ({@code tracestate}, {@code baggage})
	 */
	public record Incoming(long requests, long continued, long started, long rejected, long restartedByPolicy,
			long excluded, Map<String, Long> rejectedByReason, Map<String, Dropped> dropped) {
	}

	/**
	 * The values of one header dropped or cut.
	 *
	 * @param total how many
	 * @param byReason by reason, adding up to {@code total}
	 */
	public record Dropped(long total, Map<String, Long> byReason) {
	}

	/**
	 * Outgoing calls.
	 *
	 * @param propagated calls that carried trace headers
	 * @param withoutContext calls that left without them
	 * @param blockedByPolicy calls whose trace headers were removed: destination not
	 * allowed
	 */
	public record Outgoing(long propagated, long withoutContext, long blockedByPolicy) {
	}

}
