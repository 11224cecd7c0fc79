package io.github.tracecontext.w3c;

import java.util.stream.Stream;

import io.github.tracecontext.w3c.IncomingTraceparent.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Tests for {@link IncomingTraceparent}, one row per rule of the W3C Trace Context
 * specification (sections 3.2 "traceparent Header" and 4.3 "Versioning of traceparent").
 */
class IncomingTraceparentTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_ID = "00f067aa0ba902b7";

	private static final String VALID = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

	static Stream<Arguments> w3cRules() {
		return Stream.of(
				// 3.2.2: version-format = trace-id "-" parent-id "-" trace-flags
				argumentSet("3.2 valid version-00 header, sampled", VALID, Outcome.ACCEPTED),
				argumentSet("3.2 valid version-00 header, not sampled", "00-" + TRACE_ID + "-" + PARENT_ID + "-00",
						Outcome.ACCEPTED),
				argumentSet("3.2.2.5 unknown trace-flags bits do not invalidate the header",
						"00-" + TRACE_ID + "-" + PARENT_ID + "-ff", Outcome.ACCEPTED),
				// 4.3: a higher version is parsed as far as version 00 goes
				argumentSet("4.3 future version cc of version-00 length is accepted",
						"cc-" + TRACE_ID + "-" + PARENT_ID + "-01", Outcome.ACCEPTED),
				argumentSet("4.3 future version cc with extra fields after '-' is accepted",
						"cc-" + TRACE_ID + "-" + PARENT_ID + "-01-what-the-future-will-be-like", Outcome.ACCEPTED),
				argumentSet("4.3 future version: trace-flags must be followed by end of string or '-'",
						"cc-" + TRACE_ID + "-" + PARENT_ID + "-01what-the-future-will-be-like", Outcome.BAD_LENGTH),
				argumentSet("4.3 future version shorter than 55 characters is invalid",
						"cc-" + TRACE_ID + "-" + PARENT_ID + "-1", Outcome.BAD_LENGTH),
				// 3.2.2.1: version ff is forbidden
				argumentSet("3.2.2.1 version ff is invalid", "ff-" + TRACE_ID + "-" + PARENT_ID + "-01",
						Outcome.INVALID_VERSION),
				// 3.2.2 / 4.3: version 00 is exactly 55 characters
				argumentSet("version 00 with trailing fields is invalid", VALID + "-extra", Outcome.BAD_LENGTH),
				argumentSet("version 00 with one trailing character is invalid", VALID + "0", Outcome.BAD_LENGTH),
				// 3.2.2: HEXDIGLC, lower case only
				argumentSet("3.2.2 uppercase hex in trace-id is invalid",
						"00-" + TRACE_ID.toUpperCase() + "-" + PARENT_ID + "-01", Outcome.UPPERCASE_HEX),
				argumentSet("3.2.2 uppercase hex in parent-id is invalid", "00-" + TRACE_ID + "-00F067AA0BA902B7-01",
						Outcome.UPPERCASE_HEX),
				argumentSet("3.2.2 uppercase hex in version is invalid", "0A-" + TRACE_ID + "-" + PARENT_ID + "-01",
						Outcome.UPPERCASE_HEX),
				argumentSet("3.2.2 uppercase hex in trace-flags is invalid", "00-" + TRACE_ID + "-" + PARENT_ID + "-0A",
						Outcome.UPPERCASE_HEX),
				// 3.2.2.3 and 3.2.2.4: all-zero ids are invalid
				argumentSet("3.2.2.3 all-zero trace-id is invalid",
						"00-00000000000000000000000000000000-" + PARENT_ID + "-01", Outcome.ZERO_ID),
				argumentSet("3.2.2.4 all-zero parent-id is invalid", "00-" + TRACE_ID + "-0000000000000000-01",
						Outcome.ZERO_ID),
				// 3.2.2: fixed field lengths
				argumentSet("trace-id one digit short is invalid",
						"00-" + TRACE_ID.substring(1) + "-" + PARENT_ID + "-01", Outcome.BAD_LENGTH),
				argumentSet("parent-id one digit long is invalid", "00-" + TRACE_ID + "-" + PARENT_ID + "0-01",
						Outcome.BAD_LENGTH),
				argumentSet("trace-flags missing is invalid", "00-" + TRACE_ID + "-" + PARENT_ID, Outcome.BAD_LENGTH),
				argumentSet("wrong delimiter is invalid", "00_" + TRACE_ID + "_" + PARENT_ID + "_01",
						Outcome.BAD_LENGTH),
				// 3.2.2: HEXDIGLC
				argumentSet("non-hex character in trace-id is invalid",
						"00-" + TRACE_ID.substring(0, 31) + "g-" + PARENT_ID + "-01", Outcome.NOT_HEX),
				argumentSet("non-hex character in parent-id is invalid",
						"00-" + TRACE_ID + "-" + PARENT_ID.substring(0, 15) + "z-01", Outcome.NOT_HEX),
				argumentSet("non-hex version is invalid", "0x-" + TRACE_ID + "-" + PARENT_ID + "-01", Outcome.NOT_HEX),
				argumentSet("non-hex trace-flags is invalid", "00-" + TRACE_ID + "-" + PARENT_ID + "-0.",
						Outcome.NOT_HEX),
				// no header
				argumentSet("empty header is absent", "", Outcome.ABSENT),
				argumentSet("missing header is absent", null, Outcome.ABSENT),
				// the classifier's own bound
				argumentSet("future version at the maximum length is accepted", futureVersion(512), Outcome.ACCEPTED),
				argumentSet("header longer than the maximum length is oversized", futureVersion(513),
						Outcome.OVERSIZED));
	}

	private static String futureVersion(int length) {
		StringBuilder value = new StringBuilder("cc-" + TRACE_ID + "-" + PARENT_ID + "-01-");
		while (value.length() < length) {
			value.append('a');
		}
		assertThat(value).hasSize(length);
		return value.toString();
	}

	@ParameterizedTest
	@MethodSource("w3cRules")
	void classifiesByW3cRule(String value, Outcome expected) {
		assertThat(IncomingTraceparent.classify(value)).isEqualTo(expected);
	}

	@Test
	void neverThrowsOnTruncatedOrCorruptedHeaders() {
		String longest = VALID + "-" + "x".repeat(IncomingTraceparent.MAX_LENGTH);
		for (int length = 0; length <= longest.length(); length++) {
			String truncated = longest.substring(0, length);
			assertThat(IncomingTraceparent.classify(truncated)).isNotNull();
		}
		for (int i = 0; i < VALID.length(); i++) {
			for (char c : new char[] { '-', 'G', 'F', '0', ' ', '\u00e9', '\u0000' }) {
				String corrupted = VALID.substring(0, i) + c + VALID.substring(i + 1);
				Outcome outcome = IncomingTraceparent.classify(corrupted);
				assertThat(outcome).as(corrupted).isNotNull().isNotEqualTo(Outcome.ABSENT);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(value = Outcome.class, names = { "ACCEPTED", "ABSENT" })
	void acceptedAndAbsentAreNotRejections(Outcome outcome) {
		assertThat(outcome.isRejected()).isFalse();
		assertThat(outcome.reason()).isNull();
	}

	@ParameterizedTest
	@EnumSource(value = Outcome.class, names = { "ACCEPTED", "ABSENT" }, mode = EnumSource.Mode.EXCLUDE)
	void otherOutcomesAreRejectionsWithAReason(Outcome outcome) {
		assertThat(outcome.isRejected()).isTrue();
		assertThat(outcome.reason()).isEqualTo(outcome.name().toLowerCase().replace('_', '-'));
	}

}
