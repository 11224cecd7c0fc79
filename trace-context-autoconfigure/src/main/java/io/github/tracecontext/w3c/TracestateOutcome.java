package io.github.tracecontext.w3c;

import org.jspecify.annotations.Nullable;

/**
 * What the {@code tracestate} lines of a request mean for the state passed on. Parsing
 * {@code tracestate} never affects {@code traceparent} (section 3.3: "failure to parse
 * tracestate MUST NOT affect the parsing of traceparent").
 */
public enum TracestateOutcome {

	/** Every member was valid and is kept as received. */
	ACCEPTED(null, true),

	/** No member at all: no line, or only empty and whitespace-only members. */
	ABSENT(null, false),

	/**
	 * More lines or characters than {@link TracestateHeader} reads; nothing was parsed
	 * and nothing is kept.
	 */
	OVERSIZED_TRACESTATE("tracestate-oversized", false),

	/**
	 * A member broke the grammar, or there were more than 32 members; the processing
	 * model (step 3) lets a vendor discard the entire header, which the conformance test
	 * expects.
	 */
	INVALID("tracestate-invalid", false),

	/**
	 * A key appeared more than once. Section 3.5 "Mutating the tracestate Field" lets a
	 * vendor discard duplicates: the left-most entry, the most recent position, is kept.
	 */
	DUPLICATE_KEY("tracestate-duplicate-key", true),

	/**
	 * Longer than 512 characters: whole entries were removed as section 3.3.3.1
	 * "tracestate Limits" prescribes. Reported in preference to {@link #DUPLICATE_KEY}
	 * when both apply.
	 */
	TRUNCATED("tracestate-truncated", true);

	private final @Nullable String reason;

	private final boolean keepsState;

	TracestateOutcome(@Nullable String reason, boolean keepsState) {
		this.reason = reason;
		this.keepsState = keepsState;
	}

	/**
	 * Why the received state was discarded or changed.
	 * @return the reason, or {@code null} when the state was taken as received or absent
	 */
	public @Nullable String reason() {
		return this.reason;
	}

	/**
	 * Whether received entries survive, possibly fewer of them.
	 * @return {@code true} for {@link #ACCEPTED}, {@link #DUPLICATE_KEY} and
	 * {@link #TRUNCATED}
	 */
	public boolean keepsState() {
		return this.keepsState;
	}

}
