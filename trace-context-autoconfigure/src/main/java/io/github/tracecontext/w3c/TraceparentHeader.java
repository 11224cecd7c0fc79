package io.github.tracecontext.w3c;

import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;

import io.github.tracecontext.w3c.IncomingTraceparent.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * Strict reader of the {@code traceparent} request header (W3C Trace Context Level 2,
 * section 3.2 "Traceparent Header").
 *
 * <p>
 * Stateless and never throws. Cheap checks (length, delimiters) come first.
 * {@link #validate(Iterable)} allocates nothing; {@link #parse(Iterable)} allocates only
 * for a valid header, whose two id strings and result it makes.
 */
public final class TraceparentHeader {

	/**
	 * Longest line looked at. Section 3.2.4 "Versioning of traceparent" lets future
	 * versions append fields, yet asks pass-through services to "disallow prohibitively
	 * large headers"; 512 characters leave a future version room for nine times the
	 * version-00 payload.
	 */
	public static final int MAX_LENGTH = 512;

	static final int VERSION_0_LENGTH = 55;

	static final int TRACE_ID_OFFSET = 3;

	static final int TRACE_ID_LENGTH = 32;

	static final int PARENT_ID_OFFSET = 36;

	static final int PARENT_ID_LENGTH = 16;

	static final int FLAGS_OFFSET = 53;

	private TraceparentHeader() {
	}

	/**
	 * Read every {@code traceparent} line a request carried.
	 * <p>
	 * More than one line is rejected, even when the lines are identical: the header is
	 * not a list (section 3.2.2 defines a single {@code value}), and the official
	 * conformance test ({@code test_traceparent_duplicated}) expects the trace to
	 * restart.
	 * @param lines the header's lines in the order received; {@code null} or empty when
	 * the request had none. A {@code null} line counts as an empty one.
	 * @return the result, never {@code null}
	 * @see #validate(Iterable)
	 */
	public static ParsedTraceparent parse(@Nullable Iterable<String> lines) {
		if (lines instanceof List<String> list && lines instanceof RandomAccess) {
			return (list.size() == 1) ? parseLine(list.get(0)) : parsed(outcomeOfCount(list.size()), null);
		}
		return parseLines((lines != null) ? lines.iterator() : null);
	}

	/**
	 * Read every {@code traceparent} line a request carried, as an iterator.
	 * @param lines the header's lines, or {@code null} when the request had none
	 * @return the result, never {@code null}
	 */
	public static ParsedTraceparent parseLines(@Nullable Iterator<String> lines) {
		if (lines == null || !lines.hasNext()) {
			return ParsedTraceparent.ABSENT;
		}
		String line = lines.next();
		return lines.hasNext() ? ParsedTraceparent.rejected(Outcome.DUPLICATE_HEADER) : parseLine(line);
	}

	/**
	 * Validate every {@code traceparent} line a request carried, by the same rules as
	 * {@link #parse(Iterable)}, without reading the ids out: nothing is allocated, for a
	 * valid header as for an invalid one (a {@link RandomAccess} list, such as the header
	 * lists of Spring's {@code HttpHeaders}, is not even iterated).
	 * @param lines the header's lines in the order received; {@code null} or empty when
	 * the request had none
	 * @return the outcome, never {@code null}
	 */
	public static Outcome validate(@Nullable Iterable<String> lines) {
		if (lines instanceof List<String> list && lines instanceof RandomAccess) {
			return (list.size() == 1) ? classifyLine(list.get(0)) : outcomeOfCount(list.size());
		}
		if (lines == null) {
			return Outcome.ABSENT;
		}
		Iterator<String> iterator = lines.iterator();
		if (!iterator.hasNext()) {
			return Outcome.ABSENT;
		}
		String line = iterator.next();
		return iterator.hasNext() ? Outcome.DUPLICATE_HEADER : classifyLine(line);
	}

	private static Outcome outcomeOfCount(int lines) {
		return (lines == 0) ? Outcome.ABSENT : Outcome.DUPLICATE_HEADER;
	}

	/**
	 * Read a single {@code traceparent} line.
	 * @param line the line, or {@code null} when absent
	 * @return the result, never {@code null}
	 */
	static ParsedTraceparent parseLine(@Nullable String line) {
		return parsed(classifyLine(line), line);
	}

	/**
	 * The result for a line already classified: the ids are read out only when it was
	 * accepted.
	 * @param outcome the line's outcome
	 * @param line the line
	 * @return the result, never {@code null}
	 */
	static ParsedTraceparent parsed(Outcome outcome, @Nullable String line) {
		if (line == null || outcome != Outcome.ACCEPTED) {
			return ParsedTraceparent.rejected(outcome);
		}
		int start = skipOws(line, 0, line.length());
		return new ParsedTraceparent(Outcome.ACCEPTED, Hex.byteAt(line, start),
				line.substring(start + TRACE_ID_OFFSET, start + TRACE_ID_OFFSET + TRACE_ID_LENGTH),
				line.substring(start + PARENT_ID_OFFSET, start + PARENT_ID_OFFSET + PARENT_ID_LENGTH),
				Hex.byteAt(line, start + FLAGS_OFFSET));
	}

	/**
	 * Classify a single {@code traceparent} line without allocating.
	 * @param line the line, or {@code null} when absent
	 * @return the outcome, never {@link Outcome#DUPLICATE_HEADER}
	 */
	static Outcome classifyLine(@Nullable String line) {
		if (line == null) {
			return Outcome.ABSENT;
		}
		// Checked on the raw line so that no trimming work is done beyond this bound.
		if (line.length() > MAX_LENGTH) {
			return Outcome.OVERSIZED;
		}
		// RFC 9110 section 5.5: leading and trailing OWS is not part of a field value.
		int start = skipOws(line, 0, line.length());
		int end = line.length();
		while (end > start && isOws(line.charAt(end - 1))) {
			end--;
		}
		int length = end - start;
		if (length == 0) {
			return Outcome.ABSENT;
		}
		if (length < VERSION_0_LENGTH || line.charAt(start + 2) != '-'
				|| line.charAt(start + TRACE_ID_OFFSET + TRACE_ID_LENGTH) != '-'
				|| line.charAt(start + PARENT_ID_OFFSET + PARENT_ID_LENGTH) != '-') {
			return Outcome.BAD_LENGTH;
		}
		Outcome hex = checkHex(line, start);
		if (hex != null) {
			return hex;
		}
		int version = Hex.byteAt(line, start);
		if (version == 0xff) {
			return Outcome.INVALID_VERSION;
		}
		// 3.2.4 "Versioning of traceparent": version 00 is exactly 55 characters; a
		// higher version
		// may only continue with a '-' that opens fields this version must not interpret.
		if (length > VERSION_0_LENGTH && (version == 0 || line.charAt(start + VERSION_0_LENGTH) != '-')) {
			return Outcome.BAD_LENGTH;
		}
		// Sections 3.2.2.3 and 3.2.2.4: all-zero ids are invalid.
		if (isZero(line, start + TRACE_ID_OFFSET, TRACE_ID_LENGTH)
				|| isZero(line, start + PARENT_ID_OFFSET, PARENT_ID_LENGTH)) {
			return Outcome.ZERO_ID;
		}
		return Outcome.ACCEPTED;
	}

	/**
	 * Every hex field is HEXDIGLC (section 3.2.2). An upper-case digit is reported as
	 * such because it is the commonest interoperability mistake, and worth telling apart.
	 */
	private static @Nullable Outcome checkHex(String line, int start) {
		if (Hex.isLowerHex(line, start, 2) && Hex.isLowerHex(line, start + TRACE_ID_OFFSET, TRACE_ID_LENGTH)
				&& Hex.isLowerHex(line, start + PARENT_ID_OFFSET, PARENT_ID_LENGTH)
				&& Hex.isLowerHex(line, start + FLAGS_OFFSET, 2)) {
			return null;
		}
		for (int i = start; i < start + VERSION_0_LENGTH; i++) {
			char c = line.charAt(i);
			if (c >= 'A' && c <= 'F') {
				return Outcome.UPPERCASE_HEX;
			}
		}
		return Outcome.NOT_HEX;
	}

	private static boolean isZero(String line, int offset, int count) {
		for (int i = offset; i < offset + count; i++) {
			if (line.charAt(i) != '0') {
				return false;
			}
		}
		return true;
	}

	static int skipOws(String value, int from, int to) {
		int index = from;
		while (index < to && isOws(value.charAt(index))) {
			index++;
		}
		return index;
	}

	static boolean isOws(char c) {
		return c == ' ' || c == '\t';
	}

}
