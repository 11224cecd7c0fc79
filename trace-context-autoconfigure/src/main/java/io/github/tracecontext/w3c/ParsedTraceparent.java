package io.github.tracecontext.w3c;

import java.util.Objects;

import io.github.tracecontext.w3c.IncomingTraceparent.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * What {@link TraceparentHeader#parse(Iterable)} read from a request. Immutable; absence
 * and every rejection are shared instances, so only a valid header costs an allocation.
 */
public final class ParsedTraceparent {

	/** Sampled flag (section 3.2.2.5.1). */
	public static final int FLAG_SAMPLED = 0x01;

	/** Random trace id flag (section 3.2.2.5.2, Level 2). */
	public static final int FLAG_RANDOM = 0x02;

	/**
	 * The flags version 00 defines; the processing model zeroes any other on a downgrade.
	 */
	private static final int KNOWN_FLAGS = FLAG_SAMPLED | FLAG_RANDOM;

	private static final ParsedTraceparent[] WITHOUT_IDS = new ParsedTraceparent[Outcome.values().length];

	static {
		for (Outcome outcome : Outcome.values()) {
			WITHOUT_IDS[outcome.ordinal()] = new ParsedTraceparent(outcome, -1, null, null, 0);
		}
	}

	static final ParsedTraceparent ABSENT = WITHOUT_IDS[Outcome.ABSENT.ordinal()];

	private final Outcome outcome;

	private final int version;

	private final @Nullable String traceId;

	private final @Nullable String parentId;

	private final int flags;

	ParsedTraceparent(Outcome outcome, int version, @Nullable String traceId, @Nullable String parentId, int flags) {
		this.outcome = outcome;
		this.version = version;
		this.traceId = traceId;
		this.parentId = parentId;
		this.flags = flags;
	}

	/**
	 * The shared instance for an outcome other than {@link Outcome#ACCEPTED}.
	 */
	static ParsedTraceparent rejected(Outcome outcome) {
		return WITHOUT_IDS[outcome.ordinal()];
	}

	/**
	 * How the header was classified.
	 * @return the outcome
	 */
	public Outcome outcome() {
		return this.outcome;
	}

	/**
	 * Whether the caller's trace can be continued. When it cannot, the processing model
	 * (section "A traceparent is Received", step 2) restarts the trace and drops
	 * {@code tracestate} unread.
	 * @return {@code true} only for {@link Outcome#ACCEPTED}
	 */
	public boolean isValid() {
		return this.outcome == Outcome.ACCEPTED;
	}

	/**
	 * The version received, which may be higher than 00 (section 3.2.4 "Versioning of
	 * traceparent").
	 * @return 0 to 254, or -1 when the header is not valid
	 */
	public int version() {
		return this.version;
	}

	/**
	 * The trace id.
	 * @return 32 lower-case hex digits, or {@code null} when the header is not valid
	 */
	public @Nullable String traceId() {
		return this.traceId;
	}

	/**
	 * The caller's span id.
	 * @return 16 lower-case hex digits, or {@code null} when the header is not valid
	 */
	public @Nullable String parentId() {
		return this.parentId;
	}

	/**
	 * All eight flag bits as received, including those this version does not define.
	 * @return 0 to 255; 0 when the header is not valid
	 */
	public int flags() {
		return this.flags;
	}

	/**
	 * Whether the caller may have recorded its span. A bit test, never a comparison of
	 * the whole field (section 3.2.2.5).
	 * @return the sampled bit
	 */
	public boolean sampled() {
		return (this.flags & FLAG_SAMPLED) != 0;
	}

	/**
	 * Whether the right-most 7 bytes of the trace id are random. Section 3.2.2.5.2
	 * requires outgoing headers with the same trace id to carry this bit unchanged.
	 * @return the random bit
	 */
	public boolean random() {
		return (this.flags & FLAG_RANDOM) != 0;
	}

	/**
	 * The header in version 00 form. A higher version is downgraded (section 3.4
	 * "Mutating the traceparent Field", "Downgrade the version") and, per the processing
	 * model (step 2.2), keeps only the flags version 00 defines; a version-00 header
	 * keeps its flags byte as received, so a valid version-00 line comes back unchanged.
	 * @return {@code 00-<trace-id>-<parent-id>-<trace-flags>}
	 * @throws IllegalStateException if the header is not valid
	 */
	public String format() {
		if (this.traceId == null || this.parentId == null) {
			throw new IllegalStateException("A " + this.outcome + " traceparent has nothing to format");
		}
		StringBuilder formatted = new StringBuilder(TraceparentHeader.VERSION_0_LENGTH);
		formatted.append("00-").append(this.traceId).append('-').append(this.parentId).append('-');
		Hex.appendByte(formatted, (this.version == 0) ? this.flags : (this.flags & KNOWN_FLAGS));
		return formatted.toString();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof ParsedTraceparent that && this.outcome == that.outcome && this.version == that.version
				&& this.flags == that.flags && Objects.equals(this.traceId, that.traceId)
				&& Objects.equals(this.parentId, that.parentId);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.outcome, this.version, this.traceId, this.parentId, this.flags);
	}

	@Override
	public String toString() {
		return isValid() ? this.outcome + " " + format() + " (version " + this.version + ")" : this.outcome.name();
	}

}
