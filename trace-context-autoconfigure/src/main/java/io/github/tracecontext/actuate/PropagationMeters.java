package io.github.tracecontext.actuate;

import io.github.tracecontext.logging.LogCoverage;
import io.github.tracecontext.stats.PropagationCounters;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.propagation.DroppedHeader;
import io.github.tracecontext.w3c.IncomingTraceparent;
import io.github.tracecontext.propagation.RequestOutcome;
import io.github.tracecontext.propagation.StrictTraceContextPropagator;
import io.github.tracecontext.w3c.TracestateOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The propagation counters as Micrometer meters (prefix {@code tracecontext.}). Every
 * meter is a function counter or gauge that reads the starter's counters when the
 * registry asks, so nothing is added per request. Rejection reasons are a fixed set,
 * registered up front with zero counts, so dashboards and alerts can refer to them before
 * they first happen.
 * <ul>
 * <li>{@code tracecontext.incoming.requests} — {@code outcome}: {@code continued},
 * {@code started} (no {@code traceparent}), {@code rejected} (with {@code reason}),
 * {@code restarted-by-policy}, {@code excluded} (an excluded path: leave it out of
 * shares); {@code reason} is {@code none} except for rejections; one outcome per
 * request;</li>
 * <li>{@code tracecontext.incoming.dropped} — other incoming values dropped or cut while
 * the request went on, by {@code header} ({@code tracestate}, {@code baggage},
 * {@code correlation}) and {@code reason};</li>
 * <li>{@code tracecontext.outgoing.calls} — {@code outcome}: {@code propagated},
 * {@code orphan} (no current trace), {@code blocked-by-policy};</li>
 * <li>{@code tracecontext.async.handoffs} — {@code outcome}: {@code with-context},
 * {@code without-context};</li>
 * <li>{@code tracecontext.logs.events} — {@code trace-id}: {@code present},
 * {@code absent}; and the gauge {@code tracecontext.logs.coverage}, the share of lines
 * with a trace id over the recent window (NaN without lines);</li>
 * <li>{@code tracecontext.correlation.requests} ({@code outcome}), when the correlation
 * header is enabled.</li>
 * </ul>
 */
public final class PropagationMeters implements MeterBinder {

	private final PropagationCounters counters;

	private final LogCoverage logs;

	private final @Nullable PropagationWindow window;

	private final boolean correlation;

	/**
	 * Create the binder.
	 * @param counters the propagation counters
	 * @param logs the log coverage counters
	 * @param window the recent window for the coverage gauge, {@code null} for none
	 * @param correlation whether the correlation header is enabled
	 */
	public PropagationMeters(PropagationCounters counters, LogCoverage logs, @Nullable PropagationWindow window,
			boolean correlation) {
		this.counters = counters;
		this.logs = logs;
		this.window = window;
		this.correlation = correlation;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		PropagationCounters c = this.counters;
		String requests = "tracecontext.incoming.requests";
		String requestsHelp = "Incoming requests by what happened to the caller's trace context";
		for (RequestOutcome outcome : RequestOutcome.values()) {
			if (outcome != RequestOutcome.REJECTED) {
				counter(registry, requests, requestsHelp, c, (counters) -> counters.requests(outcome), "outcome",
						outcome.tag(), "reason", "none");
			}
		}
		for (IncomingTraceparent.Outcome outcome : IncomingTraceparent.Outcome.values()) {
			String reason = outcome.reason();
			if (reason != null) {
				counter(registry, requests, requestsHelp, c, (counters) -> counters.rejected(outcome), "outcome",
						RequestOutcome.REJECTED.tag(), "reason", reason);
			}
		}
		String dropped = "tracecontext.incoming.dropped";
		String droppedHelp = "Incoming header values dropped or cut while the request went on";
		Map<DroppedHeader, List<String>> droppedReasons = new EnumMap<>(DroppedHeader.class);
		droppedReasons.put(DroppedHeader.TRACESTATE,
				Arrays.stream(TracestateOutcome.values())
					.map(TracestateOutcome::reason)
					.filter(Objects::nonNull)
					.toList());
		droppedReasons.put(DroppedHeader.BAGGAGE, List.of(StrictTraceContextPropagator.BAGGAGE_OVERSIZED));
		if (this.correlation) {
			droppedReasons.put(DroppedHeader.CORRELATION,
					List.of(CorrelationIds.INVALID, CorrelationIds.OVERSIZED, CorrelationIds.DUPLICATE_HEADER));
		}
		droppedReasons.forEach((header, reasons) -> {
			for (String reason : reasons) {
				counter(registry, dropped, droppedHelp, c, (counters) -> counters.droppedCount(header, reason),
						"header", header.tag(), "reason", reason);
			}
		});
		String calls = "tracecontext.outgoing.calls";
		String callsHelp = "Outgoing calls through instrumented clients by whether they carried a trace";
		counter(registry, calls, callsHelp, c, PropagationCounters::outgoingPropagated, "outcome", "propagated");
		counter(registry, calls, callsHelp, c, PropagationCounters::outgoingWithoutContext, "outcome", "orphan");
		counter(registry, calls, callsHelp, c, PropagationCounters::outgoingBlocked, "outcome", "blocked-by-policy");
		String handOffs = "tracecontext.async.handoffs";
		String handOffsHelp = "Tasks handed to other threads by whether their submitter had a trace";
		counter(registry, handOffs, handOffsHelp, c, PropagationCounters::handOffsWithContext, "outcome",
				"with-context");
		counter(registry, handOffs, handOffsHelp, c, PropagationCounters::handOffsWithoutContext, "outcome",
				"without-context");
		String events = "tracecontext.logs.events";
		String eventsHelp = "The application's log events by whether they carried a trace id";
		counter(registry, events, eventsHelp, this.logs, LogCoverage::withTraceIdCount, "trace-id", "present");
		counter(registry, events, eventsHelp, this.logs, LogCoverage::withoutTraceIdCount, "trace-id", "absent");
		PropagationWindow recent = this.window;
		if (recent != null) {
			Gauge.builder("tracecontext.logs.coverage", recent, PropagationMeters::coverage)
				.description("Share of log lines with a trace id over the recent window")
				.baseUnit("ratio")
				.register(registry);
		}
		if (this.correlation) {
			String correlationRequests = "tracecontext.correlation.requests";
			String correlationHelp = "Incoming requests by what happened to their correlation id";
			for (CorrelationIds.Outcome outcome : CorrelationIds.Outcome.values()) {
				counter(registry, correlationRequests, correlationHelp, c,
						(counters) -> counters.correlationCount(outcome), "outcome",
						outcome.name().toLowerCase(java.util.Locale.ROOT));
			}
			counter(registry, "tracecontext.correlation.forwarded", "Outgoing calls that carried the correlation id", c,
					PropagationCounters::correlationForwarded);
		}
	}

	private static double coverage(PropagationWindow window) {
		Double share = window.recent().logCoverage();
		return (share != null) ? share : Double.NaN;
	}

	private static <T> void counter(MeterRegistry registry, String name, String description, T source,
			ToDoubleFunction<T> count, String... tags) {
		FunctionCounter.builder(name, source, count).description(description).tags(tags).register(registry);
	}

}
