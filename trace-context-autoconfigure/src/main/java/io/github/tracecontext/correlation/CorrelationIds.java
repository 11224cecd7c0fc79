package io.github.tracecontext.correlation;

import java.util.Iterator;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * A legacy correlation header ({@code X-Request-Id} by default,
 * {@code trace-context.correlation.*}): which id a request gets from its caller's header,
 * or a generated one, and what is counted on the way. The id then lives in the MDC under
 * {@link #mdcKey()}, is echoed on the response and forwarded on outgoing calls.
 * <p>
 * An id is accepted only from a trusted caller, only from a single header line, only when
 * it is 1 to {@link #maxLength()} characters of {@code A-Z a-z 0-9 - . _ ~ : / + = @}.
 * That excludes whitespace, quotes, commas, semicolons, control characters and non-ASCII,
 * so an accepted id is safe in a log line and a response header as it stands. Anything
 * else is never used, echoed or logged; it is counted by reason, and the request gets a
 * generated id if {@link #generates()}, none otherwise. Work per request is bounded: one
 * header line is read (that there is a second is enough to reject), and at most
 * {@code maxLength + 1} of its characters are checked beyond surrounding whitespace.
 */
public final class CorrelationIds {

	/** The longest {@code max-length} that may be configured. */
	public static final int MAX_LENGTH_LIMIT = 1024;

	/** Rejection reason: more than one header line. */
	public static final String DUPLICATE_HEADER = "correlation-duplicate-header";

	/** Rejection reason: longer than the maximum length. */
	public static final String OVERSIZED = "correlation-oversized";

	/** Rejection reason: empty, or a character outside the allowed set. */
	public static final String INVALID = "correlation-invalid";

	private static final boolean[] ALLOWED = new boolean[128];

	static {
		for (char c = 'a'; c <= 'z'; c++) {
			ALLOWED[c] = true;
			ALLOWED[Character.toUpperCase(c)] = true;
		}
		for (char c = '0'; c <= '9'; c++) {
			ALLOWED[c] = true;
		}
		for (char c : "-._~:/+=@".toCharArray()) {
			ALLOWED[c] = true;
		}
	}

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private final String header;

	private final String mdcKey;

	private final int maxLength;

	private final boolean generate;

	private final Listener listener;

	/**
	 * Create the policy.
	 * @param header the header name
	 * @param mdcKey the MDC key that holds the id
	 * @param maxLength the longest accepted id, 1 to {@value #MAX_LENGTH_LIMIT}
	 * @param generate whether a request without a usable id gets a generated one
	 * @param listener told the outcome of every request
	 */
	public CorrelationIds(String header, String mdcKey, int maxLength, boolean generate, Listener listener) {
		if (header.isBlank() || mdcKey.isBlank()) {
			throw new IllegalArgumentException("correlation header and MDC key must not be blank");
		}
		if (maxLength < 1 || maxLength > MAX_LENGTH_LIMIT) {
			throw new IllegalArgumentException(
					"correlation id max length must be between 1 and " + MAX_LENGTH_LIMIT + ", got " + maxLength);
		}
		this.header = header;
		this.mdcKey = mdcKey;
		this.maxLength = maxLength;
		this.generate = generate;
		this.listener = listener;
	}

	/** The header name. @return the name */
	public String header() {
		return this.header;
	}

	/** The MDC key that holds the id. @return the key */
	public String mdcKey() {
		return this.mdcKey;
	}

	/** The longest accepted id. @return the length */
	public int maxLength() {
		return this.maxLength;
	}

	/** Whether requests without a usable id get one. @return {@code true} if so */
	public boolean generates() {
		return this.generate;
	}

	/**
	 * The id of one incoming request, counted.
	 * @param lines the request's header lines of {@link #header()}, {@code null} if none
	 * @param trusted whether the caller is trusted ({@code trace-context.incoming.*})
	 * @return the id, or {@code null} when the request has none
	 */
	public @Nullable String resolve(@Nullable Iterable<String> lines, boolean trusted) {
		Iterator<String> iterator = (lines != null) ? lines.iterator() : null;
		if (iterator == null || !iterator.hasNext()) {
			return fallback(Outcome.ABSENT);
		}
		String first = iterator.next();
		if (iterator.hasNext()) {
			this.listener.rejected(DUPLICATE_HEADER);
			return fallback(Outcome.REJECTED);
		}
		String reason = check(first);
		if (reason != null) {
			this.listener.rejected(reason);
			return fallback(Outcome.REJECTED);
		}
		if (!trusted) {
			return fallback(Outcome.UNTRUSTED);
		}
		this.listener.correlation(Outcome.ACCEPTED);
		return first.strip();
	}

	private @Nullable String fallback(Outcome outcome) {
		this.listener.correlation(outcome);
		if (!this.generate) {
			return null;
		}
		this.listener.correlation(Outcome.GENERATED);
		return generate();
	}

	/**
	 * Why a header value is not a usable id.
	 * @param value the value (surrounding spaces and tabs are allowed and dropped)
	 * @return a rejection reason, or {@code null} if it is usable
	 */
	public @Nullable String check(@Nullable String value) {
		if (value == null) {
			return INVALID;
		}
		int start = 0;
		int end = value.length();
		while (start < end && isOws(value.charAt(start))) {
			start++;
		}
		while (end > start && isOws(value.charAt(end - 1))) {
			end--;
		}
		if (start == end) {
			return INVALID;
		}
		if (end - start > this.maxLength) {
			return OVERSIZED;
		}
		for (int i = start; i < end; i++) {
			char c = value.charAt(i);
			if (c >= 128 || !ALLOWED[c]) {
				return INVALID;
			}
		}
		return null;
	}

	/**
	 * A new random id: a version 4 UUID in its usual text form. Not for security: it
	 * comes from {@link ThreadLocalRandom}, which is cheap and never blocks.
	 * @return the id
	 */
	public static String generate() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		char[] out = new char[36];
		int at = hex(high >>> 32, 8, out, 0);
		out[at++] = '-';
		at = hex(high >>> 16, 4, out, at);
		out[at++] = '-';
		at = hex(high, 4, out, at);
		out[at++] = '-';
		at = hex(low >>> 48, 4, out, at);
		out[at++] = '-';
		hex(low, 12, out, at);
		return new String(out);
	}

	private static int hex(long value, int digits, char[] out, int at) {
		for (int i = digits - 1; i >= 0; i--) {
			out[at + i] = HEX[(int) (value & 0xF)];
			value >>>= 4;
		}
		return at + digits;
	}

	private static boolean isOws(char c) {
		return c == ' ' || c == '\t';
	}

	/** What happened to one request's correlation id. */
	public enum Outcome {

		/** A trusted caller sent a usable id; it is used. */
		ACCEPTED,

		/** The caller sent none. */
		ABSENT,

		/** The caller sent an unusable one (counted by reason too); it is dropped. */
		REJECTED,

		/** A caller that is not trusted sent one; it is dropped. */
		UNTRUSTED,

		/** An id was generated (after one of the three above). */
		GENERATED

	}

	/**
	 * Told what happened to each request's correlation id. Must be cheap and must not
	 * throw.
	 */
	public interface Listener {

		/** Ignores everything. */
		Listener NONE = new Listener() {

			@Override
			public void correlation(Outcome outcome) {
			}

			@Override
			public void rejected(String reason) {
			}

		};

		/**
		 * One outcome of one request ({@link Outcome#GENERATED} comes after another).
		 * @param outcome the outcome
		 */
		void correlation(Outcome outcome);

		/**
		 * The reason a caller's id was dropped.
		 * @param reason one of the {@code correlation-*} reasons
		 */
		void rejected(String reason);

	}

}
