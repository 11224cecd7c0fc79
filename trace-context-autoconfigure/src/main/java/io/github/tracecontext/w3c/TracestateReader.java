package io.github.tracecontext.w3c;

import org.jspecify.annotations.Nullable;

/**
 * Collects the list members of the {@code tracestate} lines of one request, whose bounds
 * {@link TracestateHeader} has already checked. Single use, not thread-safe.
 */
final class TracestateReader {

	/** Entries longer than this go first when truncating (section 3.3.3.1). */
	private static final int LONG_ENTRY = 128;

	/** Key of entry {@code i} at {@code 2 * i}, its value at {@code 2 * i + 1}. */
	private final @Nullable String[] entries = new String[2 * TracestateHeader.MAX_MEMBERS];

	private int size;

	private int members;

	private boolean duplicate;

	/**
	 * Read one line: members are separated by {@code ','}, which is also how lines join.
	 * @return {@code false} as soon as the line makes the whole header invalid
	 */
	boolean read(@Nullable String line) {
		if (line == null) {
			return true;
		}
		int from = 0;
		int length = line.length();
		while (from <= length) {
			int comma = line.indexOf(',', from);
			int to = (comma < 0) ? length : comma;
			if (!readMember(line, from, to)) {
				return false;
			}
			from = to + 1;
		}
		return true;
	}

	private boolean readMember(String line, int from, int to) {
		// 3.3.2.1: OWS around a member is ignored, and empty members are allowed.
		int start = TraceparentHeader.skipOws(line, from, to);
		int end = to;
		while (end > start && TraceparentHeader.isOws(line.charAt(end - 1))) {
			end--;
		}
		if (start == end) {
			return true;
		}
		if (++this.members > TracestateHeader.MAX_MEMBERS) {
			return false;
		}
		int equals = start;
		while (equals < end && line.charAt(equals) != '=') {
			equals++;
		}
		if (equals == end || !TracestateHeader.isKey(line, start, equals)
				|| !TracestateHeader.isValue(line, equals + 1, end)) {
			return false;
		}
		if (indexOf(line, start, equals) >= 0) {
			// Keep the left-most entry: the most recent position of that vendor (3.3.3).
			this.duplicate = true;
			return true;
		}
		this.entries[2 * this.size] = line.substring(start, equals);
		this.entries[2 * this.size + 1] = line.substring(equals + 1, end);
		this.size++;
		return true;
	}

	private int indexOf(String line, int from, int to) {
		int length = to - from;
		for (int i = 0; i < this.size; i++) {
			String key = entry(2 * i);
			if (key.length() == length && line.startsWith(key, from)) {
				return i;
			}
		}
		return -1;
	}

	ParsedTracestate result() {
		if (this.size == 0) {
			return ParsedTracestate.ABSENT;
		}
		boolean truncated = truncate();
		TracestateOutcome outcome = truncated ? TracestateOutcome.TRUNCATED
				: this.duplicate ? TracestateOutcome.DUPLICATE_KEY : TracestateOutcome.ACCEPTED;
		String[] kept = new String[2 * this.size];
		for (int i = 0; i < kept.length; i++) {
			kept[i] = entry(i);
		}
		return new ParsedTracestate(outcome, kept);
	}

	/**
	 * Section 3.3.3.1: remove whole entries, those longer than 128 characters first (from
	 * the right), then from the end, until the canonical form fits in 512 characters.
	 */
	private boolean truncate() {
		int length = formattedLength();
		if (length <= TracestateHeader.MAX_PROPAGATED_LENGTH) {
			return false;
		}
		for (int i = this.size - 1; i >= 0 && length > TracestateHeader.MAX_PROPAGATED_LENGTH; i--) {
			if (entryLength(i) > LONG_ENTRY) {
				remove(i);
				length = formattedLength();
			}
		}
		while (length > TracestateHeader.MAX_PROPAGATED_LENGTH) {
			remove(this.size - 1);
			length = formattedLength();
		}
		return true;
	}

	private int formattedLength() {
		int length = Math.max(0, this.size - 1);
		for (int i = 0; i < this.size; i++) {
			length += entryLength(i);
		}
		return length;
	}

	private int entryLength(int index) {
		return entry(2 * index).length() + 1 + entry(2 * index + 1).length();
	}

	private String entry(int slot) {
		String entry = this.entries[slot];
		if (entry == null) {
			throw new IllegalStateException("No entry in slot " + slot);
		}
		return entry;
	}

	private void remove(int index) {
		int from = 2 * index + 2;
		System.arraycopy(this.entries, from, this.entries, from - 2, 2 * this.size - from);
		this.size--;
		this.entries[2 * this.size] = null;
		this.entries[2 * this.size + 1] = null;
	}

}
