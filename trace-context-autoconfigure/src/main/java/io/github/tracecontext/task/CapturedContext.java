package io.github.tracecontext.task;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * The context a task took from its submitter, put in place around each run of the task
 * and taken away again afterwards.
 */
abstract sealed class CapturedContext {

	/**
	 * Put the captured values in place on the current thread.
	 * @return what {@link #close(Object)} needs to give the thread back what it held
	 */
	abstract @Nullable Object open();

	/**
	 * Give the current thread back what it held before {@link #open()}.
	 * @param opened what {@code open()} returned
	 */
	abstract void close(@Nullable Object opened);

	/**
	 * One value per accessor, taken from the accessors resolved once by
	 * {@link RegisteredAccessors}: the same calls as a {@code ContextSnapshot} with
	 * {@code clearMissing} (a value set, or cleared where the submitter had none, and
	 * restored in reverse order), without its two maps per task.
	 */
	static final class Values extends CapturedContext {

		private final ThreadLocalAccessor<?>[] accessors;

		// null where the submitter had no value: that accessor is cleared in the task
		private final @Nullable Object[] values;

		private Values(ThreadLocalAccessor<?>[] accessors, @Nullable Object[] values) {
			this.accessors = accessors;
			this.values = values;
		}

		static Values capture(ThreadLocalAccessor<?>[] accessors) {
			@Nullable Object[] values = new @Nullable Object[accessors.length];
			for (int i = 0; i < accessors.length; i++) {
				values[i] = accessors[i].getValue();
			}
			return new Values(accessors, values);
		}

		// Everything the thread held is read before anything is set: the previous values
		// are
		// the thread's own, not values an earlier accessor's scope just put there
		// (opening an
		// observation puts its trace keys in the MDC), so the MDC is restored without
		// copying
		// those keys back only for the observation's scope to take them out again.
		@Override
		@Nullable Object[] open() {
			ThreadLocalAccessor<?>[] accessors = this.accessors;
			@Nullable Object[] previous = new @Nullable Object[accessors.length];
			for (int i = 0; i < accessors.length; i++) {
				previous[i] = accessors[i].getValue();
			}
			int set = 0;
			try {
				for (; set < accessors.length; set++) {
					set(accessors[set], this.values[set]);
				}
			}
			catch (RuntimeException | Error ex) {
				// a failing accessor must not leave the others' values on the worker
				restore(accessors, previous, Math.min(set + 1, accessors.length));
				throw ex;
			}
			return previous;
		}

		@Override
		void close(@Nullable Object opened) {
			Object[] previous = (Object[]) opened;
			if (previous != null) {
				restore(this.accessors, previous, previous.length);
			}
		}

		@SuppressWarnings("unchecked")
		private static <V> void set(ThreadLocalAccessor<V> accessor, @Nullable Object value) {
			if (value != null) {
				accessor.setValue((V) value);
			}
			else {
				accessor.setValue();
			}
		}

		// in reverse order, as scopes nest; one failing accessor does not stop the others
		private static void restore(ThreadLocalAccessor<?>[] accessors, @Nullable Object[] previous, int count) {
			RuntimeException failure = null;
			for (int i = count - 1; i >= 0; i--) {
				try {
					restore(accessors[i], previous[i]);
				}
				catch (RuntimeException ex) {
					if (failure == null) {
						failure = ex;
					}
					else {
						failure.addSuppressed(ex);
					}
				}
			}
			if (failure != null) {
				throw failure;
			}
		}

		@SuppressWarnings("unchecked")
		private static <V> void restore(ThreadLocalAccessor<V> accessor, @Nullable Object previous) {
			if (previous != null) {
				accessor.restore((V) previous);
			}
			else {
				accessor.restore();
			}
		}

	}

}
