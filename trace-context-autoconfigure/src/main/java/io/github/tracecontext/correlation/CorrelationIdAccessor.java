package io.github.tracecontext.correlation;

import io.github.tracecontext.task.MdcContextAccessor;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Carries the correlation id ({@code trace-context.correlation.*}) as one MDC key. The
 * WebFlux filter writes the id into the Reactor context under {@link #KEY}; Reactor's
 * automatic context propagation then puts it in the MDC around each operator and takes it
 * out again, so a reused event-loop thread never shows another request's id. Executors
 * carry it with the rest of the MDC ({@link MdcContextAccessor}) and through this
 * accessor.
 */
public final class CorrelationIdAccessor implements ThreadLocalAccessor<String> {

	/** Key in the context registry and in Reactor contexts. */
	public static final String KEY = "io.github.tracecontext.correlation";

	private final String mdcKey;

	/**
	 * Create an accessor.
	 * @param mdcKey the MDC key that holds the id
	 */
	public CorrelationIdAccessor(String mdcKey) {
		this.mdcKey = mdcKey;
	}

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable String getValue() {
		return MDC.get(this.mdcKey);
	}

	@Override
	public void setValue(String value) {
		MDC.put(this.mdcKey, value);
	}

	// a context without an id: the thread must not keep one from before
	@Override
	public void setValue() {
		MDC.remove(this.mdcKey);
	}

	@Override
	public void restore(String previousValue) {
		MDC.put(this.mdcKey, previousValue);
	}

	@Override
	public void restore() {
		MDC.remove(this.mdcKey);
	}

}
