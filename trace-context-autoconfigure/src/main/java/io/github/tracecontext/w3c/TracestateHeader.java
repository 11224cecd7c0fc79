package io.github.tracecontext.w3c;

import org.jspecify.annotations.Nullable;

/**
 * Strict reader of the {@code tracestate} request header (W3C Trace Context Level 2,
 * section 3.3 "Tracestate Header").
 *
 * <p>
 * A caller must only parse {@code tracestate} after {@link TraceparentHeader} found the
 * {@code traceparent} valid: section 3.3 says a vendor that failed to parse
 * {@code traceparent} "MUST NOT attempt to parse tracestate", and the processing model
 * discards a {@code tracestate} that arrives without a valid {@code traceparent}.
 *
 * <p>
 * Stateless and never throws. Work is bounded before any parsing (at most
 * {@value #MAX_LINES} lines and {@value #MAX_TOTAL_LENGTH} characters are looked at), so
 * a hostile request costs no more than a large legitimate one.
 */
public final class TracestateHeader {

	/** Most lines read; a request with more is not parsed at all. */
	public static final int MAX_LINES = 32;

	/**
	 * Most characters read across all lines; a request with more is not parsed at all.
	 */
	public static final int MAX_TOTAL_LENGTH = 8192;

	/** Most list members a {@code tracestate} may carry (section 3.3.2.1 "list"). */
	public static final int MAX_MEMBERS = 32;

	/**
	 * Length up to which the state is propagated unchanged (section 3.3.3.1 "tracestate
	 * Limits").
	 */
	public static final int MAX_PROPAGATED_LENGTH = 512;

	static final int MAX_KEY_LENGTH = 256;

	static final int MAX_VALUE_LENGTH = 256;

	/** The keychar symbols besides lcalpha and DIGIT. */
	private static final String KEY_SYMBOLS = "_-*/@";

	private TracestateHeader() {
	}

	/**
	 * Read every {@code tracestate} line a request carried, as the single list RFC 9110
	 * section 5.3 makes of them (lines joined with {@code ','} in the order received).
	 * @param lines the header's lines in the order received; {@code null} or empty when
	 * the request had none. A {@code null} line counts as an empty one.
	 * @return the result, never {@code null}
	 */
	public static ParsedTracestate parse(@Nullable Iterable<String> lines) {
		if (lines == null) {
			return ParsedTracestate.ABSENT;
		}
		// Bounds first: lines are only counted and measured until a bound is exceeded,
		// and
		// kept for the parse below so that the iterable is walked once.
		@Nullable String first = null;
		@Nullable String @Nullable [] more = null;
		int count = 0;
		int total = 0;
		for (@Nullable
		String line : lines) {
			count++;
			total += (line != null) ? line.length() : 0;
			if (count > MAX_LINES || total > MAX_TOTAL_LENGTH) {
				return ParsedTracestate.OVERSIZED;
			}
			if (count == 1) {
				first = line;
			}
			else {
				if (more == null) {
					more = new String[MAX_LINES - 1];
				}
				more[count - 2] = line;
			}
		}
		TracestateReader reader = new TracestateReader();
		boolean valid = reader.read(first);
		for (int i = 0; valid && more != null && i < count - 1; i++) {
			valid = reader.read(more[i]);
		}
		return valid ? reader.result() : ParsedTracestate.INVALID;
	}

	/**
	 * Whether a key follows the grammar of section 3.3.2.2.1 "Key":
	 * {@code (lcalpha / DIGIT) 0*255(keychar)}, where a keychar may also be
	 * {@code _ - * / @}.
	 * @param key the candidate key
	 * @return {@code true} if the key may be sent
	 */
	public static boolean isValidKey(@Nullable String key) {
		return key != null && isKey(key, 0, key.length());
	}

	/**
	 * Whether a value follows the grammar of section 3.3.2.2.2 "Value": 1 to 256
	 * printable ASCII characters without {@code ','} or {@code '='}, the last one not a
	 * space.
	 * @param value the candidate value
	 * @return {@code true} if the value may be sent
	 */
	public static boolean isValidValue(@Nullable String value) {
		return value != null && isValue(value, 0, value.length());
	}

	static boolean isKey(String text, int from, int to) {
		int length = to - from;
		if (length < 1 || length > MAX_KEY_LENGTH) {
			return false;
		}
		char first = text.charAt(from);
		if (!isLcAlpha(first) && !isDigit(first)) {
			return false;
		}
		for (int i = from + 1; i < to; i++) {
			char c = text.charAt(i);
			if (!isLcAlpha(c) && !isDigit(c) && KEY_SYMBOLS.indexOf(c) < 0) {
				return false;
			}
		}
		return true;
	}

	static boolean isValue(String text, int from, int to) {
		int length = to - from;
		if (length < 1 || length > MAX_VALUE_LENGTH || text.charAt(to - 1) == ' ') {
			return false;
		}
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			// chr = %x20 / nblk-chr, nblk-chr = %x21-2B / %x2D-3C / %x3E-7E
			if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
				return false;
			}
		}
		return true;
	}

	private static boolean isLcAlpha(char c) {
		return c >= 'a' && c <= 'z';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
