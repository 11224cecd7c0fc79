package io.github.tracecontext.w3c;

import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The {@code tracestate} list as {@link TracestateHeader#parse(Iterable)} read it:
 * entries left to right, each key once. Immutable; an absent or discarded state is a
 * shared instance.
 */
public final class ParsedTracestate {

	private static final String[] NO_ENTRIES = {};

	static final ParsedTracestate ABSENT = new ParsedTracestate(TracestateOutcome.ABSENT, NO_ENTRIES);

	static final ParsedTracestate INVALID = new ParsedTracestate(TracestateOutcome.INVALID, NO_ENTRIES);

	static final ParsedTracestate OVERSIZED = new ParsedTracestate(TracestateOutcome.OVERSIZED_TRACESTATE, NO_ENTRIES);

	private final TracestateOutcome outcome;

	/** Key of entry {@code i} at {@code 2 * i}, its value at {@code 2 * i + 1}. */
	private final String[] entries;

	/** Takes ownership of {@code entries}, which nobody else may hold. */
	ParsedTracestate(TracestateOutcome outcome, String[] entries) {
		this.outcome = outcome;
		this.entries = entries;
	}

	/**
	 * How the received lines were treated.
	 * @return the outcome
	 */
	public TracestateOutcome outcome() {
		return this.outcome;
	}

	/**
	 * Number of entries kept.
	 * @return 0 to 32
	 */
	public int size() {
		return this.entries.length / 2;
	}

	/**
	 * Whether no entry is kept, because none was received or the state was discarded.
	 * @return {@code true} when there is nothing to propagate
	 */
	public boolean isEmpty() {
		return this.entries.length == 0;
	}

	/**
	 * The key of an entry; entry 0 is the left-most, that of the vendor that last wrote
	 * {@code traceparent} (section 3.1).
	 * @param index the position, from 0 to {@link #size()} - 1
	 * @return the key
	 * @throws IndexOutOfBoundsException for a position without an entry
	 */
	public String key(int index) {
		return this.entries[2 * Objects.checkIndex(index, size())];
	}

	/**
	 * The value of an entry, leading spaces included (section 3.3.2.2.2: they "MUST be
	 * preserved").
	 * @param index the position, from 0 to {@link #size()} - 1
	 * @return the value
	 * @throws IndexOutOfBoundsException for a position without an entry
	 */
	public String value(int index) {
		return this.entries[2 * Objects.checkIndex(index, size()) + 1];
	}

	/**
	 * The value for a key.
	 * @param key the key
	 * @return the value, or {@code null} when no entry has that key
	 */
	public @Nullable String get(String key) {
		for (int i = 0; i < this.entries.length; i += 2) {
			if (this.entries[i].equals(key)) {
				return this.entries[i + 1];
			}
		}
		return null;
	}

	/**
	 * The canonical header value: entries joined by {@code ','} without optional
	 * whitespace, which is also what a single canonical line looked like when received.
	 * @return the value, empty when there is no entry (which a sender should then omit,
	 * section 3.3.2: vendors "SHOULD avoid sending" empty headers)
	 */
	public String format() {
		StringBuilder formatted = new StringBuilder(formattedLength());
		for (int i = 0; i < this.entries.length; i += 2) {
			if (i > 0) {
				formatted.append(',');
			}
			formatted.append(this.entries[i]).append('=').append(this.entries[i + 1]);
		}
		return formatted.toString();
	}

	/**
	 * A copy with {@code key=value} as the left-most entry, as section 3.5 "Mutating the
	 * tracestate Field" prescribes for both an added and an updated key: any earlier
	 * entry with that key goes, the order of the others stays, and the right-most entry
	 * is dropped when there would be more than 32. Section 3.3.3.1 truncation is not
	 * applied.
	 * <p>
	 * On an absent or discarded state this starts a new list, which is what the
	 * processing model asks of a vendor that received no usable {@code tracestate}. The
	 * copy's outcome is {@link TracestateOutcome#ACCEPTED}: it describes a state built
	 * here, not one received.
	 * @param key the vendor key, valid as {@link TracestateHeader#isValidKey(String)}
	 * says
	 * @param value the value, valid as {@link TracestateHeader#isValidValue(String)} says
	 * @return the new state
	 * @throws IllegalArgumentException if the key or value does not follow the grammar
	 */
	public ParsedTracestate withEntry(String key, String value) {
		if (!TracestateHeader.isValidKey(key)) {
			throw new IllegalArgumentException("Invalid tracestate key '" + key + "'");
		}
		if (!TracestateHeader.isValidValue(value)) {
			throw new IllegalArgumentException("Invalid tracestate value '" + value + "' for key '" + key + "'");
		}
		int others = size() - ((get(key) != null) ? 1 : 0);
		String[] updated = new String[2 * Math.min(1 + others, TracestateHeader.MAX_MEMBERS)];
		updated[0] = key;
		updated[1] = value;
		int next = 2;
		for (int i = 0; i < this.entries.length && next < updated.length; i += 2) {
			if (!this.entries[i].equals(key)) {
				updated[next++] = this.entries[i];
				updated[next++] = this.entries[i + 1];
			}
		}
		return new ParsedTracestate(TracestateOutcome.ACCEPTED, updated);
	}

	private int formattedLength() {
		int length = Math.max(0, size() - 1);
		for (int i = 0; i < this.entries.length; i += 2) {
			length += this.entries[i].length() + 1 + this.entries[i + 1].length();
		}
		return length;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof ParsedTracestate that && this.outcome == that.outcome
				&& Arrays.equals(this.entries, that.entries);
	}

	@Override
	public int hashCode() {
		return 31 * this.outcome.hashCode() + Arrays.hashCode(this.entries);
	}

	@Override
	public String toString() {
		return this.outcome + " [" + format() + "]";
	}

}
