package io.github.tracecontext.testsupport;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A caller's W3C trace context with random, valid ids.
 */
public record W3c(String traceId, String spanId) {

	public static W3c random() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return new W3c(String.format("%016x%016x", random.nextLong(), random.nextLong() | 1),
				String.format("%016x", random.nextLong() | 1));
	}

	public String traceparent() {
		return "00-" + this.traceId + "-" + this.spanId + "-01";
	}

}
