package io.github.tracecontext.logging;

/**
 * Marks the current thread as serving a request on an excluded path (such as
 * {@code /actuator/**}), which has no span on purpose: its log lines without a trace id
 * (the caller sent none) do not count as lost ones; lines with the caller's trace id
 * still count. One thread-local flag, set and restored by the servlet filter around such
 * a request.
 */
public final class UntracedByDesign {

	private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

	private UntracedByDesign() {
	}

	/**
	 * Mark the current thread until {@link #exit(boolean)}.
	 * @return whether it was marked before, for {@link #exit(boolean)}
	 */
	public static boolean enter() {
		boolean before = isActive();
		ACTIVE.set(Boolean.TRUE);
		return before;
	}

	/**
	 * Restore the mark as it was.
	 * @param before what {@link #enter()} returned
	 */
	public static void exit(boolean before) {
		if (!before) {
			ACTIVE.remove();
		}
	}

	/**
	 * Whether the current thread is marked.
	 * @return {@code true} if so
	 */
	public static boolean isActive() {
		return ACTIVE.get() != null;
	}

}
