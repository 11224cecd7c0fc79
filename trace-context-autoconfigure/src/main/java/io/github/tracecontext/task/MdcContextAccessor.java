package io.github.tracecontext.task;

import java.util.Map;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.util.ClassUtils;

/**
 * Carries the whole MDC across threads with every context-propagation snapshot (Spring's
 * {@code ContextPropagatingTaskDecorator}, the starter's executor wrappers, Reactor), and
 * puts back exactly the map the thread had before, so keys a task adds never outlive it.
 * Trace keys arrive twice, from here and from the tracer's scope listener, with the same
 * values. Each restore into a task also counts as a hand-off, with or without a trace.
 */
public final class MdcContextAccessor implements ThreadLocalAccessor<Map<String, String>> {

	/** Key in the context registry. */
	public static final String KEY = "io.github.tracecontext.mdc";

	private static final boolean LOGBACK = ClassUtils.isPresent("ch.qos.logback.classic.util.LogbackMDCAdapter",
			MdcContextAccessor.class.getClassLoader());

	private final String traceIdKey;

	private final ContextHandOff.HandOffListener listener;

	/**
	 * Create an accessor.
	 * @param traceIdKey the MDC key that holds the trace id
	 * @param listener told of each task that starts with a captured MDC
	 */
	public MdcContextAccessor(String traceIdKey, ContextHandOff.HandOffListener listener) {
		this.traceIdKey = traceIdKey;
		this.listener = listener;
	}

	@Override
	public Object key() {
		return KEY;
	}

	// Never null, so that an empty MDC is captured too and a task never inherits a
	// worker's
	// leftovers.
	@Override
	public Map<String, String> getValue() {
		Map<String, String> values = LOGBACK ? LogbackMdc.readOnly() : null;
		if (values == null) {
			values = MDC.getCopyOfContextMap();
		}
		return (values != null) ? values : Map.of();
	}

	@Override
	public void setValue(Map<String, String> value) {
		this.listener.handedOff(value.containsKey(this.traceIdKey));
		set(value);
	}

	// Called for a snapshot that holds no MDC: never one of the starter's hand-offs
	// (getValue
	// is never null), but a Reactor context restored with automatic propagation. The
	// tracer's listener fills the trace keys there; clearing here would wipe them.
	@Override
	public void setValue() {
	}

	@Override
	public void restore(Map<String, String> previousValue) {
		set(previousValue);
	}

	@Override
	public void restore() {
	}

	// Logback keeps an unmodifiable copy of each thread's MDC (what its logging events
	// take)
	// and makes a new one only after the MDC changes: a thread that hands off several
	// tasks
	// with the same MDC pays for one copy, not one per task.
	private static final class LogbackMdc {

		static @Nullable Map<String, String> readOnly() {
			return (MDC.getMDCAdapter() instanceof LogbackMDCAdapter adapter) ? adapter.getPropertyMap() : null;
		}

	}

	private static void set(Map<String, String> values) {
		if (values.isEmpty()) {
			MDC.clear();
		}
		else {
			MDC.setContextMap(values);
		}
	}

}
