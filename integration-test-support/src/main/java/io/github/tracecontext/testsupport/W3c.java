package io.github.tracecontext.testsupport;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A caller's W3C trace context with random, valid ids.
 */
public record W3c(String traceId, String spanId) {

	/**
	 * One unusable {@code traceparent} per rejection reason except a duplicated header:
	 * oversized, bad-length, uppercase-hex, not-hex, invalid-version, zero-id.
	 */
	public static final List<String> INVALID_TRACEPARENTS = List.of("00-" + "a".repeat(600),
			"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0",
			"00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01",
			"00-0af7651916cd43dd8448eb211c80319g-b7ad6b7169203331-01",
			"ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
			"00-00000000000000000000000000000000-b7ad6b7169203331-01");

	public static W3c random() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return new W3c(String.format("%016x%016x", random.nextLong(), random.nextLong() | 1),
				String.format("%016x", random.nextLong() | 1));
	}

	public String traceparent() {
		return "00-" + this.traceId + "-" + this.spanId + "-01";
	}

}
