package io.github.tracecontext.propagation;

import io.opentelemetry.api.trace.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * Hands the context of a caller whose trace was restarted from the OpenTelemetry
 * propagator, which decides, to the Micrometer propagator, which builds the server span
 * and can add a link to it. Both run in one call on one thread. A caller is kept only
 * while a {@link Collector} is open: an extraction outside one (an excluded path, a
 * user's own call) offers into nothing, so no value ever outlives the call that made it.
 */
final class CallerLinks {

	private static final ThreadLocal<@Nullable Collector> COLLECTOR = new ThreadLocal<>();

	private CallerLinks() {
	}

	static void offer(SpanContext caller) {
		Collector collector = COLLECTOR.get();
		if (collector != null) {
			collector.caller = caller;
		}
	}

	/**
	 * Collect what the extractions on this thread offer until the collector is closed.
	 * @return the collector
	 */
	static Collector open() {
		Collector collector = new Collector(COLLECTOR.get());
		COLLECTOR.set(collector);
		return collector;
	}

	/** What one extraction offered. */
	static final class Collector implements AutoCloseable {

		private final @Nullable Collector previous;

		private @Nullable SpanContext caller;

		private Collector(@Nullable Collector previous) {
			this.previous = previous;
		}

		/**
		 * The caller's context.
		 * @return the context of a caller whose trace was restarted, or {@code null}
		 */
		@Nullable SpanContext caller() {
			return this.caller;
		}

		@Override
		public void close() {
			if (this.previous != null) {
				COLLECTOR.set(this.previous);
			}
			else {
				COLLECTOR.remove();
			}
		}

	}

}
