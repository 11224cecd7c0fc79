package io.github.tracecontext.task;

import java.util.List;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;

/**
 * The thread-local accessors of a {@link ContextRegistry} as an array, resolved again
 * only when the registry's list changes (an accessor registered or removed late), so that
 * a capture neither copies the list nor looks keys up.
 */
final class RegisteredAccessors {

	private static final ThreadLocalAccessor<?>[] NONE = {};

	private final ContextRegistry registry;

	private volatile ThreadLocalAccessor<?>[] resolved = NONE;

	RegisteredAccessors(ContextRegistry registry) {
		this.registry = registry;
	}

	/**
	 * The accessors registered now, in registration order.
	 * @return the accessors; the caller must not modify the array
	 */
	ThreadLocalAccessor<?>[] current() {
		List<ThreadLocalAccessor<?>> registered = this.registry.getThreadLocalAccessors();
		ThreadLocalAccessor<?>[] resolved = this.resolved;
		if (same(registered, resolved)) {
			return resolved;
		}
		resolved = registered.toArray(NONE);
		this.resolved = resolved;
		return resolved;
	}

	// The registry's list is copy-on-write: comparing element by element costs a few
	// reads
	// and no allocation. A concurrent change shows up as a mismatch or an index error.
	private static boolean same(List<ThreadLocalAccessor<?>> registered, ThreadLocalAccessor<?>[] resolved) {
		try {
			if (registered.size() != resolved.length) {
				return false;
			}
			for (int i = 0; i < resolved.length; i++) {
				if (registered.get(i) != resolved[i]) {
					return false;
				}
			}
			return true;
		}
		catch (IndexOutOfBoundsException ex) {
			return false;
		}
	}

}
