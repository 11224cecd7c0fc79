package io.github.tracecontext.propagation;

import org.jspecify.annotations.Nullable;

/**
 * Classifies the {@code traceparent} value of an incoming request the way the W3C Trace
 * Context specification (section 3.2) reads it. It only classifies: extraction stays with
 * the {@code Propagator} that Spring Boot configures.
 *
 * <p>Stateless; allocates nothing and never throws, whatever the input.
 */
public final class IncomingTraceparent {

	/** Upper bound of a header we are willing to look at (future versions may append fields). */
	public static final int MAX_LENGTH = 512;

	private static final int VERSION_0_LENGTH = 55;

	private static final int TRACE_ID_OFFSET = 3;

	private static final int PARENT_ID_OFFSET = 36;

	private static final int FLAGS_OFFSET = 53;

	private IncomingTraceparent() {
	}

	/**
	 * Classify a header value.
	 * @param value the first {@code traceparent} header value, or {@code null} when absent
	 * @return the outcome, never {@code null}
	 */
	public static Outcome classify(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return Outcome.ABSENT;
		}
		int length = value.length();
		if (length > MAX_LENGTH) {
			return Outcome.OVERSIZED;
		}
		if (length < VERSION_0_LENGTH || value.charAt(2) != '-' || value.charAt(35) != '-'
				|| value.charAt(52) != '-') {
			return Outcome.BAD_LENGTH;
		}
		if (!isLowerHex(value, 0, 2) || !isLowerHex(value, TRACE_ID_OFFSET, 32)
				|| !isLowerHex(value, PARENT_ID_OFFSET, 16) || !isLowerHex(value, FLAGS_OFFSET, 2)) {
			return hasUpperHex(value) ? Outcome.UPPERCASE_HEX : Outcome.NOT_HEX;
		}
		boolean version0 = value.charAt(0) == '0' && value.charAt(1) == '0';
		if (value.charAt(0) == 'f' && value.charAt(1) == 'f') {
			return Outcome.INVALID_VERSION;
		}
		// Version 00 is exactly 55 characters; a later version may carry more after a '-' (section 4.3).
		if (length > VERSION_0_LENGTH && (version0 || value.charAt(VERSION_0_LENGTH) != '-')) {
			return Outcome.BAD_LENGTH;
		}
		if (isZero(value, TRACE_ID_OFFSET, 32) || isZero(value, PARENT_ID_OFFSET, 16)) {
			return Outcome.ZERO_ID;
		}
		return Outcome.ACCEPTED;
	}

	private static boolean isLowerHex(String value, int offset, int count) {
		for (int i = offset; i < offset + count; i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	private static boolean hasUpperHex(String value) {
		for (int i = 0; i < VERSION_0_LENGTH; i++) {
			char c = value.charAt(i);
			if (c >= 'A' && c <= 'F') {
				return true;
			}
		}
		return false;
	}

	private static boolean isZero(String value, int offset, int count) {
		for (int i = offset; i < offset + count; i++) {
			if (value.charAt(i) != '0') {
				return false;
			}
		}
		return true;
	}

	/**
	 * What a {@code traceparent} value means for the request that carried it.
	 */
	public enum Outcome {

		/** A valid header: the caller's trace is continued. */
		ACCEPTED(null),

		/** No header: a new trace starts. */
		ABSENT(null),

		/** Longer than {@link #MAX_LENGTH}. */
		OVERSIZED("oversized"),

		/** Wrong length or delimiters. */
		BAD_LENGTH("bad-length"),

		/** Hex digits in upper case, which the specification forbids. */
		UPPERCASE_HEX("uppercase-hex"),

		/** A field that is not hex. */
		NOT_HEX("not-hex"),

		/** Version {@code ff}. */
		INVALID_VERSION("invalid-version"),

		/** An all-zero trace id or parent id. */
		ZERO_ID("zero-id");

		private final @Nullable String reason;

		Outcome(@Nullable String reason) {
			this.reason = reason;
		}

		/**
		 * The rejection reason as reported in the endpoint.
		 * @return the reason, or {@code null} when the header was not rejected
		 */
		public @Nullable String reason() {
			return this.reason;
		}

		/**
		 * Whether the header was present but unusable.
		 * @return {@code true} for a rejected header
		 */
		public boolean isRejected() {
			return this.reason != null;
		}

	}

}
