package io.github.tracecontext.w3c;

import org.jspecify.annotations.Nullable;

/**
 * Classifies the {@code traceparent} value of an incoming request the way the W3C Trace
 * Context specification (section 3.2) reads it. It only classifies: extraction stays with
 * the {@code Propagator} that Spring Boot configures.
 *
 * <p>
 * Stateless; allocates nothing and never throws, whatever the input. The rules are those
 * of {@link TraceparentHeader}, which also reads the ids and sees every header line.
 */
public final class IncomingTraceparent {

	/**
	 * Upper bound of a header we are willing to look at (future versions may append
	 * fields).
	 */
	public static final int MAX_LENGTH = TraceparentHeader.MAX_LENGTH;

	private IncomingTraceparent() {
	}

	/**
	 * Classify a single header value. Leading and trailing optional whitespace is
	 * ignored.
	 * @param value the first {@code traceparent} header value, or {@code null} when
	 * absent
	 * @return the outcome, never {@code null}; never {@link Outcome#DUPLICATE_HEADER},
	 * which takes all the lines {@link TraceparentHeader#parse(Iterable)} sees
	 */
	public static Outcome classify(@Nullable String value) {
		return TraceparentHeader.classifyLine(value);
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
		ZERO_ID("zero-id"),

		/**
		 * More than one {@code traceparent} line, which a single-valued header cannot be
		 * (section 3.2.2); the conformance test {@code test_traceparent_duplicated}
		 * restarts.
		 */
		DUPLICATE_HEADER("duplicate-header");

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
