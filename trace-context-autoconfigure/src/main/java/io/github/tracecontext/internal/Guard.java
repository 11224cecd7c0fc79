package io.github.tracecontext.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the starter's own additions (counting, response headers, context extraction) so
 * that a failure in them never reaches the request: it is logged once at WARN, then at
 * DEBUG, and traffic goes on without the addition.
 */
public final class Guard {

	private final Logger logger;

	private final String what;

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * Create a guard.
	 * @param owner the class whose logger reports failures
	 * @param what what is guarded, for the log message
	 */
	public Guard(Class<?> owner, String what) {
		this.logger = LoggerFactory.getLogger(owner);
		this.what = what;
	}

	/**
	 * Run an action, swallowing and reporting its failure.
	 * @param action the action
	 */
	public void run(Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			report(ex);
		}
	}

	/**
	 * Compute a value, falling back when the computation fails.
	 * @param <T> the value type
	 * @param action the computation
	 * @param fallback the value to use on failure
	 * @return the computed value or the fallback
	 */
	public <T> @Nullable T get(Supplier<? extends @Nullable T> action, @Nullable T fallback) {
		try {
			return action.get();
		}
		catch (RuntimeException ex) {
			report(ex);
			return fallback;
		}
	}

	private void report(RuntimeException ex) {
		if (this.warned.compareAndSet(false, true)) {
			this.logger.warn("trace-context: {} failed; requests go on without it (further failures at DEBUG)",
					this.what, ex);
		}
		else {
			this.logger.debug("trace-context: {} failed", this.what, ex);
		}
	}

}
