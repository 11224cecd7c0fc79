package io.github.tracecontext.actuate;

import io.github.tracecontext.logging.LogCoverage;
import io.github.tracecontext.stats.PropagationCounters;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.github.tracecontext.propagation.RequestOutcome;
import org.jspecify.annotations.Nullable;

/**
 * The propagation counters over a recent window (by default the last five minutes): a
 * {@link #tick()} every few seconds, on a daemon thread of its own once started, keeps a
 * bounded ring of totals; {@link #recent()} compares the totals now with the oldest ones
 * inside the window ({@link RecentFigures}). Nothing happens per request.
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
	public synchronized RecentFigures recent() {
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
		return new RecentFigures(Duration.ofNanos(now.nanos() - from.nanos()), now.minus(from), topSources(from, now));
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

		RecentFigures.Counts minus(Totals other) {
			long[] d = new long[this.values.length];
			for (int i = 0; i < d.length; i++) {
				d[i] = Math.max(0, this.values[i] - other.values[i]);
			}
			return new RecentFigures.Counts(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11]);
		}

	}

}
