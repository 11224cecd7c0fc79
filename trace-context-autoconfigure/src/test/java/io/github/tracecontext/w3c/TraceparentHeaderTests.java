package io.github.tracecontext.w3c;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.github.tracecontext.w3c.IncomingTraceparent.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Tests for {@link TraceparentHeader}: one row per rule of W3C Trace Context Level 2
 * section 3.2, and every {@code traceparent} case of the official conformance test
 * ({@code test/test.py}, named in the rows as {@code test_*}). Header-name matching
 * ({@code test_traceparent_header_name*}) is the caller's job and not covered here.
 */
class TraceparentHeaderTests {

	private static final String TRACE_ID = "12345678901234567890123456789012";

	private static final String PARENT_ID = "1234567890123456";

	private static final String VALID = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

	static Stream<Arguments> rejectedOrAbsent() {
		return Stream.of(
				// no header at all
				argumentSet("no header: null", null, Outcome.ABSENT),
				argumentSet("no header: no line", List.of(), Outcome.ABSENT),
				argumentSet("RFC 9110 5.5 empty line is absent", List.of(""), Outcome.ABSENT),
				argumentSet("RFC 9110 5.5 whitespace-only line is absent", List.of(" \t "), Outcome.ABSENT),
				argumentSet("null line is absent", Collections.singletonList(null), Outcome.ABSENT),
				// 3.2.2: a single value; test_traceparent_duplicated
				argumentSet("3.2.2 two different lines (test_traceparent_duplicated)",
						List.of("00-12345678901234567890123456789011-1234567890123456-01", VALID),
						Outcome.DUPLICATE_HEADER),
				argumentSet("3.2.2 two identical lines", List.of(VALID, VALID), Outcome.DUPLICATE_HEADER),
				argumentSet("3.2.2 a valid line and an empty one", List.of(VALID, ""), Outcome.DUPLICATE_HEADER),
				// 3.2.2.1 version; test_traceparent_version_*
				argumentSet("3.2.2.1 version ff is invalid (test_traceparent_version_0xff)",
						List.of("ff-" + TRACE_ID + "-" + PARENT_ID + "-01"), Outcome.INVALID_VERSION),
				argumentSet("3.2.2.1 version '.0' is not hex (test_traceparent_version_illegal_characters)",
						List.of(".0-" + TRACE_ID + "-" + PARENT_ID + "-01"), Outcome.NOT_HEX),
				argumentSet("3.2.2.1 version '0.' is not hex (test_traceparent_version_illegal_characters)",
						List.of("0.-" + TRACE_ID + "-" + PARENT_ID + "-01"), Outcome.NOT_HEX),
				argumentSet("3.2.2.1 version of 3 digits (test_traceparent_version_too_long)",
						List.of("000-" + TRACE_ID + "-" + PARENT_ID + "-01"), Outcome.BAD_LENGTH),
				argumentSet("3.2.2.1 version of 4 digits (test_traceparent_version_too_long)",
						List.of("0000-" + TRACE_ID + "-" + PARENT_ID + "-01"), Outcome.BAD_LENGTH),
				argumentSet("3.2.2.1 version of 1 digit (test_traceparent_version_too_short)",
						List.of("0-" + TRACE_ID + "-" + PARENT_ID + "-01"), Outcome.BAD_LENGTH),
				argumentSet("3.2.2.1 upper-case version", List.of("0A-" + TRACE_ID + "-" + PARENT_ID + "-01"),
						Outcome.UPPERCASE_HEX),
				// 3.2.4 version 00 is exactly 55 characters;
				// test_traceparent_version_0x00
				argumentSet("3.2.4 version 00 followed by '.' (test_traceparent_version_0x00)", List.of(VALID + "."),
						Outcome.BAD_LENGTH),
				argumentSet("3.2.4 version 00 with future fields (test_traceparent_version_0x00)",
						List.of(VALID + "-what-the-future-will-be-like"), Outcome.BAD_LENGTH),
				// 3.2.4 higher versions; test_traceparent_version_0xcc
				argumentSet("3.2.4 version cc: flags followed by '.' (test_traceparent_version_0xcc)",
						List.of("cc-" + TRACE_ID + "-" + PARENT_ID + "-01.what-the-future-will-be-like"),
						Outcome.BAD_LENGTH),
				argumentSet("3.2.4 version cc shorter than 55 characters",
						List.of("cc-" + TRACE_ID + "-" + PARENT_ID + "-1"), Outcome.BAD_LENGTH),
				argumentSet("3.2.4 version cc with an upper-case trace-id",
						List.of("cc-" + TRACE_ID.replace('1', 'A') + "-" + PARENT_ID + "-01-x"), Outcome.UPPERCASE_HEX),
				// 3.2.2.3 trace-id; test_traceparent_trace_id_*
				argumentSet("3.2.2.3 all-zero trace-id (test_traceparent_trace_id_all_zero)",
						List.of("00-00000000000000000000000000000000-" + PARENT_ID + "-01"), Outcome.ZERO_ID),
				argumentSet("3.2.2.3 '.' first in trace-id (test_traceparent_trace_id_illegal_characters)",
						List.of("00-.2345678901234567890123456789012-" + PARENT_ID + "-01"), Outcome.NOT_HEX),
				argumentSet("3.2.2.3 '.' last in trace-id (test_traceparent_trace_id_illegal_characters)",
						List.of("00-1234567890123456789012345678901.-" + PARENT_ID + "-01"), Outcome.NOT_HEX),
				argumentSet("3.2.2.3 trace-id of 33 digits (test_traceparent_trace_id_too_long)",
						List.of("00-123456789012345678901234567890123-" + PARENT_ID + "-01"), Outcome.BAD_LENGTH),
				argumentSet("3.2.2.3 trace-id of 31 digits (test_traceparent_trace_id_too_short)",
						List.of("00-1234567890123456789012345678901-" + PARENT_ID + "-01"), Outcome.BAD_LENGTH),
				argumentSet("3.2.2.3 upper-case trace-id",
						List.of("00-4BF92F3577B34DA6A3CE929D0E0E4736-" + PARENT_ID + "-01"), Outcome.UPPERCASE_HEX),
				// 3.2.2.4 parent-id; test_traceparent_parent_id_*
				argumentSet("3.2.2.4 all-zero parent-id (test_traceparent_parent_id_all_zero)",
						List.of("00-" + TRACE_ID + "-0000000000000000-01"), Outcome.ZERO_ID),
				argumentSet("3.2.2.4 '.' first in parent-id (test_traceparent_parent_id_illegal_characters)",
						List.of("00-" + TRACE_ID + "-.234567890123456-01"), Outcome.NOT_HEX),
				argumentSet("3.2.2.4 '.' last in parent-id (test_traceparent_parent_id_illegal_characters)",
						List.of("00-" + TRACE_ID + "-123456789012345.-01"), Outcome.NOT_HEX),
				argumentSet("3.2.2.4 parent-id of 17 digits (test_traceparent_parent_id_too_long)",
						List.of("00-" + TRACE_ID + "-12345678901234567-01"), Outcome.BAD_LENGTH),
				argumentSet("3.2.2.4 parent-id of 15 digits (test_traceparent_parent_id_too_short)",
						List.of("00-" + TRACE_ID + "-123456789012345-01"), Outcome.BAD_LENGTH),
				argumentSet("3.2.2.4 upper-case parent-id", List.of("00-" + TRACE_ID + "-00F067AA0BA902B7-01"),
						Outcome.UPPERCASE_HEX),
				// 3.2.2.5 trace-flags; test_traceparent_trace_flags_*
				argumentSet("3.2.2.5 flags '.0' (test_traceparent_trace_flags_illegal_characters)",
						List.of("00-" + TRACE_ID + "-" + PARENT_ID + "-.0"), Outcome.NOT_HEX),
				argumentSet("3.2.2.5 flags '0.' (test_traceparent_trace_flags_illegal_characters)",
						List.of("00-" + TRACE_ID + "-" + PARENT_ID + "-0."), Outcome.NOT_HEX),
				argumentSet("3.2.2.5 flags of 3 digits (test_traceparent_trace_flags_too_long)",
						List.of("00-" + TRACE_ID + "-" + PARENT_ID + "-001"), Outcome.BAD_LENGTH),
				argumentSet("3.2.2.5 flags of 1 digit (test_traceparent_trace_flags_too_short)",
						List.of("00-" + TRACE_ID + "-" + PARENT_ID + "-1"), Outcome.BAD_LENGTH),
				argumentSet("3.2.2.5 upper-case flags", List.of("00-" + TRACE_ID + "-" + PARENT_ID + "-0A"),
						Outcome.UPPERCASE_HEX),
				// 3.2.2 delimiters
				argumentSet("3.2.2 '_' instead of '-'", List.of("00_" + TRACE_ID + "_" + PARENT_ID + "_01"),
						Outcome.BAD_LENGTH),
				argumentSet("3.2.2 flags missing", List.of("00-" + TRACE_ID + "-" + PARENT_ID), Outcome.BAD_LENGTH),
				// OWS is only space and tab; other white space and controls are content
				argumentSet("RFC 9110 5.6.3 CR LF is not OWS", List.of(VALID + "\r\n"), Outcome.BAD_LENGTH),
				argumentSet("RFC 9110 5.6.3 leading LF is not OWS", List.of("\n" + VALID), Outcome.BAD_LENGTH),
				argumentSet("RFC 9110 5.6.3 no-break space is not OWS", List.of("\u00a0" + VALID), Outcome.BAD_LENGTH),
				argumentSet("RFC 9110 5.6.3 OWS inside the value",
						List.of("00- " + TRACE_ID.substring(1) + "-" + PARENT_ID + "-01"), Outcome.NOT_HEX),
				// hostile content
				argumentSet("hostile: NUL in trace-id", List.of(replace(VALID, 20, '\u0000')), Outcome.NOT_HEX),
				argumentSet("hostile: CR in parent-id", List.of(replace(VALID, 40, '\r')), Outcome.NOT_HEX),
				argumentSet("hostile: full-width digit in flags", List.of(replace(VALID, 54, '\uff11')),
						Outcome.NOT_HEX),
				argumentSet("hostile: non-ASCII letter in trace-id", List.of(replace(VALID, 3, '\u00e9')),
						Outcome.NOT_HEX),
				argumentSet("hostile: surrogate pair in trace-id",
						List.of(replace(replace(VALID, 33, '\ud83d'), 34, '\ude00')), Outcome.NOT_HEX),
				argumentSet("hostile: lone surrogate in version", List.of(replace(VALID, 0, '\ud800')),
						Outcome.NOT_HEX),
				argumentSet("hostile: 513 characters", List.of(futureVersion(513)), Outcome.OVERSIZED),
				argumentSet("hostile: valid line padded with OWS beyond 512 characters",
						List.of(VALID + " ".repeat(512 - VALID.length() + 1)), Outcome.OVERSIZED),
				argumentSet("hostile: 1 MB line", List.of("0".repeat(1 << 20)), Outcome.OVERSIZED),
				argumentSet("hostile: 1 MB of spaces", List.of(" ".repeat(1 << 20)), Outcome.OVERSIZED),
				argumentSet("hostile: 10,000 lines", Collections.nCopies(10_000, VALID), Outcome.DUPLICATE_HEADER));
	}

	static Stream<Arguments> accepted() {
		return Stream.of(
				argumentSet("3.2 sampled (test_traceparent_included_tracestate_missing)", VALID, 0, 0x01, VALID),
				argumentSet("3.2.3 not sampled", header("00", "00"), 0, 0x00, header("00", "00")),
				argumentSet("3.2.2.5.2 random flag (test_propagates_random_flag)", header("00", "02"), 0, 0x02,
						header("00", "02")),
				argumentSet("3.2.2.5.3 undefined flags do not invalidate version 00 and are kept", header("00", "ff"),
						0, 0xff, header("00", "ff")),
				argumentSet("3.2.4 version cc of 55 characters (test_traceparent_version_0xcc)", header("cc", "01"),
						0xcc, 0x01, VALID),
				argumentSet("3.2.4 version cc with future fields (test_traceparent_version_0xcc)",
						header("cc", "01-what-the-future-will-be-like"), 0xcc, 0x01, VALID),
				argumentSet("3.2.4 version fe, downgrade keeps only the flags of version 00", header("fe", "ff-"), 0xfe,
						0xff, header("00", "03")),
				argumentSet("3.2.4 version 01 of 512 characters", futureVersion(512), 0x01, 0x01, VALID),
				argumentSet("RFC 9110 5.5 leading space (test_traceparent_ows_handling)", " " + VALID, 0, 0x01, VALID),
				argumentSet("RFC 9110 5.5 leading tab (test_traceparent_ows_handling)", "\t" + VALID, 0, 0x01, VALID),
				argumentSet("RFC 9110 5.5 trailing space (test_traceparent_ows_handling)", VALID + " ", 0, 0x01, VALID),
				argumentSet("RFC 9110 5.5 trailing tab (test_traceparent_ows_handling)", VALID + "\t", 0, 0x01, VALID),
				argumentSet("RFC 9110 5.5 OWS on both sides (test_traceparent_ows_handling)", "\t " + VALID + " \t", 0,
						0x01, VALID));
	}

	private static String header(String version, String flags) {
		return version + "-" + TRACE_ID + "-" + PARENT_ID + "-" + flags;
	}

	private static String replace(String line, int index, char c) {
		return line.substring(0, index) + c + line.substring(index + 1);
	}

	private static String futureVersion(int length) {
		StringBuilder value = new StringBuilder("01-" + TRACE_ID + "-" + PARENT_ID + "-01-");
		while (value.length() < length) {
			value.append('z');
		}
		return value.toString();
	}

	@ParameterizedTest
	@MethodSource("rejectedOrAbsent")
	void rejectsOrFindsNothing(List<String> lines, Outcome expected) {
		ParsedTraceparent parsed = TraceparentHeader.parse(lines);
		assertThat(parsed.outcome()).isEqualTo(expected);
		assertThat(parsed.isValid()).isFalse();
		assertThat(parsed.traceId()).isNull();
		assertThat(parsed.parentId()).isNull();
		assertThat(parsed.flags()).isZero();
		assertThat(parsed.version()).isEqualTo(-1);
		// shared per outcome: neither absence nor rejection allocates a result
		assertThat(parsed).isSameAs(ParsedTraceparent.rejected(expected));
		if (lines != null && lines.size() == 1) {
			assertThat(IncomingTraceparent.classify(lines.get(0))).isEqualTo(expected);
		}
		assertThat(TraceparentHeader.validate(lines)).isEqualTo(expected);
		if (lines != null) {
			assertThat(TraceparentHeader.validate(lines::iterator)).isEqualTo(expected);
			assertThat(TraceparentHeader.parse(lines::iterator)).isSameAs(parsed);
		}
	}

	@ParameterizedTest
	@MethodSource("accepted")
	void acceptsAndReadsFields(String line, int version, int flags, String formatted) {
		ParsedTraceparent parsed = TraceparentHeader.parse(List.of(line));
		assertThat(parsed.outcome()).isEqualTo(Outcome.ACCEPTED);
		assertThat(parsed.isValid()).isTrue();
		assertThat(parsed.version()).isEqualTo(version);
		assertThat(parsed.traceId()).isEqualTo(TRACE_ID);
		assertThat(parsed.parentId()).isEqualTo(PARENT_ID);
		assertThat(parsed.flags()).isEqualTo(flags);
		assertThat(parsed.sampled()).isEqualTo((flags & 0x01) != 0);
		assertThat(parsed.random()).isEqualTo((flags & 0x02) != 0);
		assertThat(parsed.format()).isEqualTo(formatted);
		assertThat(IncomingTraceparent.classify(line)).isEqualTo(Outcome.ACCEPTED);
		assertThat(TraceparentHeader.validate(List.of(line))).isEqualTo(Outcome.ACCEPTED);
	}

	@Test
	void sampledAndRandomAreSingleBits() {
		for (int flags = 0; flags <= 0xff; flags++) {
			String line = String.format("00-%s-%s-%02x", TRACE_ID, PARENT_ID, flags);
			ParsedTraceparent parsed = TraceparentHeader.parse(List.of(line));
			assertThat(parsed.flags()).isEqualTo(flags);
			assertThat(parsed.sampled()).as(line).isEqualTo((flags & ParsedTraceparent.FLAG_SAMPLED) != 0);
			assertThat(parsed.random()).as(line).isEqualTo((flags & ParsedTraceparent.FLAG_RANDOM) != 0);
			assertThat(parsed.format()).isEqualTo(line);
		}
	}

	@Test
	void readsNoMoreThanTwoLinesOfAnEndlessHeader() {
		AtomicInteger read = new AtomicInteger();
		Iterable<String> endless = () -> Stream.generate(() -> {
			read.incrementAndGet();
			return VALID;
		}).iterator();
		assertThat(TraceparentHeader.parse(endless).outcome()).isEqualTo(Outcome.DUPLICATE_HEADER);
		assertThat(read).hasValueLessThanOrEqualTo(2);
	}

	@Test
	void aNullLineAmongOthersIsADuplicate() {
		assertThat(TraceparentHeader.parse(Arrays.asList(null, VALID)).outcome()).isEqualTo(Outcome.DUPLICATE_HEADER);
	}

	@Test
	void formatOfARejectedHeaderIsAProgrammingError() {
		assertThatIllegalStateException().isThrownBy(() -> TraceparentHeader.parse(List.of("nonsense")).format());
		assertThatIllegalStateException().isThrownBy(() -> TraceparentHeader.parse(null).format());
	}

	@Test
	void validHeadersWithEqualFieldsAreEqual() {
		ParsedTraceparent first = TraceparentHeader.parse(List.of(VALID));
		ParsedTraceparent second = TraceparentHeader.parse(List.of(" " + VALID));
		assertThat(first).isEqualTo(second).hasSameHashCodeAs(second).isNotSameAs(second);
		assertThat(first).isNotEqualTo(TraceparentHeader.parse(List.of("cc" + VALID.substring(2))));
		assertThat(first.toString()).contains(VALID);
	}

	@Test
	void neverThrowsOnTruncatedOrCorruptedLines() {
		String longest = "cc" + VALID.substring(2) + "-" + "x".repeat(TraceparentHeader.MAX_LENGTH);
		for (int length = 0; length <= longest.length(); length++) {
			assertThat(TraceparentHeader.parse(List.of(longest.substring(0, length)))).isNotNull();
		}
		char[] replacements = { '-', 'G', 'F', 'f', '0', ' ', '\t', '\r', '\n', '\u0000', '\u00e9', '\uffff',
				'\ud800' };
		List<String> corrupted = new ArrayList<>();
		for (int i = 0; i < VALID.length(); i++) {
			for (char c : replacements) {
				corrupted.add(VALID.substring(0, i) + c + VALID.substring(i + 1));
				corrupted.add(VALID.substring(0, i) + c + VALID.substring(i));
			}
			corrupted.add(VALID.substring(0, i) + VALID.substring(i + 1));
		}
		for (String line : corrupted) {
			ParsedTraceparent parsed = TraceparentHeader.parse(List.of(line));
			assertThat(parsed.outcome()).as(line).isNotEqualTo(Outcome.ABSENT);
			if (parsed.isValid()) {
				assertThat(line)
					.matches("[ \t]*(?!ff)[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}[ \t]*");
			}
		}
	}

	@Test
	void everyRejectionHasItsOwnReason() {
		assertThat(Arrays.stream(Outcome.values()).filter(Outcome::isRejected).map(Outcome::reason))
			.doesNotHaveDuplicates()
			.contains("duplicate-header");
	}

}
