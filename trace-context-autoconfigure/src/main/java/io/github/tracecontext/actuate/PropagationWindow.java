package io.github.tracecontext.actuate;

import io.github.tracecontext.logging.LogCoverage;
import io.github.tracecontext.stats.PropagationCounters;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import io.github.tracecontext.propagation.RequestOutcome;
import org.jspecify.annotations.Nullable;

/**
 * The propagation counters over a recent window (by default the last five minutes), for
 * figures like "98.7% of log lines carried a trace id in the last 5 minutes". A
 * {@link #tick()} every few seconds keeps a bounded ring of totals; a read compares the
 * totals now with the oldest ones inside the window. Nothing happens per request.
 */
public final class PropagationWindow implements AutoCloseable {

	/** How many log-line sources without a trace id are named. */
	public static final int TOP_SOURCES = 5;

	private final PropagationCounters counters;

	private final LogCoverage logs;

	private final Duration window;

	private final LongSupplier nanoClock;

	private final int capacity;

	private final Deque<Totals> ring = new ArrayDeque<>();

	private java.util.concurrent.@Nullable ScheduledExecutorService ticker;

	/**
	 * Create a window.
	 * @param counters the propagation counters
	 * @param logs the log coverage counters
	 * @param window how far back the figures reach
	 * @param tick how often {@link #tick()} is called
	 * @param nanoClock the clock ({@code System::nanoTime})
	 */
	public PropagationWindow(PropagationCounters counters, LogCoverage logs, Duration window, Duration tick,
			LongSupplier nanoClock) {
		this.counters = counters;
		this.logs = logs;
		this.window = window;
		this.nanoClock = nanoClock;
		this.capacity = (int) Math.min(1024, window.toNanos() / Math.max(1, tick.toNanos()) + 2);
		tick();
	}

	/**
	 * Tick on a daemon thread of its own until {@link #close()}.
	 * @param every how often
	 */
	public synchronized void start(Duration every) {
		if (this.ticker == null) {
			this.ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "tracecontext-window");
				thread.setDaemon(true);
				return thread;
			});
			long millis = Math.max(1, every.toMillis());
			this.ticker.scheduleAtFixedRate(this::tick, millis, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public synchronized void close() {
		if (this.ticker != null) {
			this.ticker.shutdownNow();
			this.ticker = null;
		}
	}

	/** The window's length. @return the length */
	public Duration window() {
		return this.window;
	}

	/**
	 * Record the totals now; drops totals older than the window (keeping one at its
	 * edge).
	 */
	public synchronized void tick() {
		Totals now = totals();
		this.ring.addLast(now);
		while (this.ring.size() > this.capacity
				|| (this.ring.size() > 2 && secondOldest().nanos() <= now.nanos() - this.window.toNanos())) {
			this.ring.removeFirst();
		}
	}

	private Totals secondOldest() {
		var iterator = this.ring.iterator();
		iterator.next();
		return iterator.next();
	}

	/**
	 * The figures since the oldest totals inside the window (the whole uptime when it is
	 * shorter than the window).
	 * @return the recent figures
	 */
	public synchronized Recent recent() {
		Totals now = totals();
		Totals from = this.ring.peekFirst();
		for (Totals totals : this.ring) {
			if (totals.nanos() >= now.nanos() - this.window.toNanos()) {
				from = totals;
				break;
			}
		}
		if (from == null) {
			from = now;
		}
		return new Recent(Duration.ofNanos(now.nanos() - from.nanos()), now.minus(from), topSources(from, now));
	}

	private Map<String, Long> topSources(Totals from, Totals now) {
		Map<String, Long> delta = new LinkedHashMap<>();
		now.sources().forEach((source, count) -> {
			long diff = count - from.sources().getOrDefault(source, 0L);
			if (diff > 0) {
				delta.put(source, diff);
			}
		});
		Map<String, Long> top = new LinkedHashMap<>();
		delta.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
			.limit(TOP_SOURCES)
			.forEach((entry) -> top.put(entry.getKey(), entry.getValue()));
		return top;
	}

	private Totals totals() {
		PropagationCounters c = this.counters;
		long[] values = { c.requests(RequestOutcome.CONTINUED), c.requests(RequestOutcome.STARTED),
				c.requests(RequestOutcome.REJECTED), c.requests(RequestOutcome.RESTARTED_BY_POLICY),
				c.requests(RequestOutcome.EXCLUDED), c.outgoingPropagated(), c.outgoingWithoutContext(),
				c.outgoingBlocked(), c.handOffsWithContext(), c.handOffsWithoutContext(), this.logs.withTraceIdCount(),
				this.logs.withoutTraceIdCount() };
		return new Totals(this.nanoClock.getAsLong(), values, this.logs.withoutTraceIdBySource());
	}

	private record Totals(long nanos, long[] values, Map<String, Long> sources) {

		Counts minus(Totals other) {
			long[] d = new long[this.values.length];
			for (int i = 0; i < d.length; i++) {
				d[i] = Math.max(0, this.values[i] - other.values[i]);
			}
			return new Counts(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11]);
		}

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

	/**
	 * The recent figures.
	 *
	 * @param span the time they cover
	 * @param counts the counts within it
	 * @param logSourcesWithoutTraceId the sources (thread kind and logger) of most lines
	 * without a trace id within it, most first
	 */
	public record Recent(Duration span, Counts counts, Map<String, Long> logSourcesWithoutTraceId) {

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

		/**
		 * Plain sentences about what stands out, for people reading the endpoint.
		 * @return the sentences, empty when there is nothing to say
		 */
		public List<String> summary() {
			String minutes = describe(this.span);
			List<String> lines = new java.util.ArrayList<>();
			Double coverage = logCoverage();
			if (coverage != null) {
				lines.add(percent(coverage) + " of log lines carried a trace id in the last " + minutes + ".");
				lines.addAll(LogAdvice.sentences(this.logSourcesWithoutTraceId));
			}
			if (this.counts.orphan() > 0) {
				lines.add(this.counts.orphan() + " outgoing call(s) left with no current trace in the last " + minutes
						+ " (made outside any request or task that carried one).");
			}
			if (this.counts.handOffsWithoutContext() > 0) {
				lines.add(this.counts.handOffsWithoutContext() + " task(s) were handed to an executor from a thread"
						+ " with no trace in the last " + minutes + ".");
			}
			if (this.counts.rejected() > 0) {
				lines.add(this.counts.rejected() + " incoming request(s) had an invalid traceparent and started a new"
						+ " trace (see counters.incoming.rejectedByReason).");
			}
			return lines;
		}

		private static String percent(double share) {
			return String.format(java.util.Locale.ROOT, "%.1f%%", share * 100);
		}

		private static String describe(Duration span) {
			long seconds = Math.max(1, Math.round(span.toNanos() / 1e9));
			return (seconds >= 120) ? (seconds / 60) + " minutes" : seconds + " seconds";
		}

		private static @Nullable Double share(long part, long whole) {
			return (whole > 0) ? Math.round(part * 10000.0 / whole) / 10000.0 : null;
		}

	}

}
