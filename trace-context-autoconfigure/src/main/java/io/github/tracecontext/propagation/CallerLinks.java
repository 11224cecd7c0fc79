package io.github.tracecontext.propagation;

import io.opentelemetry.api.trace.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * Hands the context of a caller whose trace was restarted from the OpenTelemetry
 * propagator, which decides, to the Micrometer propagator, which builds the server span
 * and can add a link to it. Both run in one call on one thread; the reader clears the
 * slot before and after, so a value never outlives that call.
 */
public final class CallerLinks {

	private static final ThreadLocal<@Nullable SpanContext> RESTARTED = new ThreadLocal<>();

	private CallerLinks() {
	}

	static void offer(SpanContext caller) {
		RESTARTED.set(caller);
	}

	/**
	 * Forget any caller context left on this thread.
	 */
	public static void clear() {
		RESTARTED.remove();
	}

	/**
	 * Take the caller context offered during the extraction that just ran on this thread.
	 * @return the caller's context, or {@code null} if its trace was not restarted
	 */
	public static @Nullable SpanContext take() {
		SpanContext caller = RESTARTED.get();
		if (caller != null) {
			RESTARTED.remove();
		}
		return caller;
	}

}
