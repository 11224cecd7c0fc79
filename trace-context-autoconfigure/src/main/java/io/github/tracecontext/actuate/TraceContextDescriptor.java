package io.github.tracecontext.actuate;

import java.util.List;
import java.util.Map;

import io.github.tracecontext.stats.InstrumentedComponents.Component;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The {@code tracecontext} endpoint's response.
 *
 * @param settings the effective settings
 * @param integrations integration name to whether it is active
 * @param instrumented component kind to the beans of that kind
 * @param counters the propagation counters since start
 */
public record TraceContextDescriptor(Map<String, Object> settings, Map<String, Boolean> integrations,
		Map<String, List<Component>> instrumented, Counters counters) implements OperationResponseBody {

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
	 * The legacy correlation header ({@code trace-context.correlation.*}); all zero when it
	 * is not enabled.
	 *
	 * @param accepted requests whose trusted caller sent a usable id
	 * @param absent requests without one
	 * @param rejected requests with an unusable one (dropped; by reason under the incoming
	 * {@code rejectedByReason}, {@code correlation-*})
	 * @param untrusted requests whose caller is not trusted (its id dropped)
	 * @param generated requests that got a generated id
	 * @param forwarded outgoing calls that carried it
	 */
	public record Correlation(long accepted, long absent, long rejected, long untrusted, long generated,
			long forwarded) {
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
	 * Incoming requests.
	 *
	 * @param accepted with a valid {@code traceparent}, continued
	 * @param absent without one, a new trace started
	 * @param rejected with an invalid one, a new trace started
	 * @param restartedByPolicy from a caller that is not trusted: a new trace with a link
	 * @param rejectedByReason the rejected ones by reason, and dropped or cut
	 * {@code tracestate}/{@code baggage} (whose requests still continued)
	 */
	public record Incoming(long accepted, long absent, long rejected, long restartedByPolicy,
			Map<String, Long> rejectedByReason) {
	}

	/**
	 * Outgoing calls.
	 *
	 * @param propagated calls that carried trace headers
	 * @param withoutContext calls that left without them
	 * @param blockedByPolicy calls whose trace headers were removed: destination not allowed
	 */
	public record Outgoing(long propagated, long withoutContext, long blockedByPolicy) {
	}

}
