package io.github.tracecontext.task;

import java.util.List;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;

import org.springframework.beans.factory.DisposableBean;

/**
 * Registers the starter's context-propagation accessors (raw {@code Tracer} spans,
 * baggage, the MDC) in the global {@link ContextRegistry} and makes {@link TracedTasks}
 * use this application's hand-off; undoes both when the application context closes, so
 * that a closed context's tracer and counters are not left behind. Registering replaces
 * an accessor with the same key: there is never more than one of each.
 */
public final class ContextAccessorsRegistration implements DisposableBean {

	private final List<ThreadLocalAccessor<?>> accessors;

	private final ContextHandOff handOff;

	public ContextAccessorsRegistration(List<ThreadLocalAccessor<?>> accessors, ContextHandOff handOff) {
		this.accessors = List.copyOf(accessors);
		this.handOff = handOff;
		ContextRegistry registry = ContextRegistry.getInstance();
		this.accessors.forEach(registry::registerThreadLocalAccessor);
		TracedTasks.use(handOff);
	}

	@Override
	public void destroy() {
		ContextRegistry registry = ContextRegistry.getInstance();
		for (ThreadLocalAccessor<?> accessor : this.accessors) {
			// Another context may have registered its own since: leave that one alone.
			if (registry.getThreadLocalAccessors().contains(accessor)) {
				registry.removeThreadLocalAccessor(accessor.key());
			}
		}
		TracedTasks.release(this.handOff);
	}

}
