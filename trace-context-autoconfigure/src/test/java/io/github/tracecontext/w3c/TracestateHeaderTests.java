package io.github.tracecontext.w3c;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIndexOutOfBoundsException;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Tests for {@link TracestateHeader} and {@link ParsedTracestate}: one row per rule of
 * W3C Trace Context Level 2 section 3.3, and every {@code tracestate} case of the
 * official conformance test ({@code test/test.py}, named in the rows as {@code test_*}).
 * Header-name matching and the rule that {@code tracestate} is ignored without a valid
 * {@code traceparent} ({@code test_tracestate_included_traceparent_missing}) are the
 * caller's job and not covered here.
 */
class TracestateHeaderTests {

	private static final String ALL_KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";

	private static final String ALL_VALUE_CHARS = IntStream.rangeClosed(0x20, 0x7e)
		.filter((c) -> c != ',' && c != '=')
		.mapToObj((c) -> String.valueOf((char) c))
		.collect(Collectors.joining());

	static Stream<Arguments> headers() {
		return Stream.of(
				// 3.3.2: empty headers and members are allowed;
				// test_tracestate_empty_header
				argumentSet("no header: null", null, TracestateOutcome.ABSENT, ""),
				argumentSet("no header: no line", List.of(), TracestateOutcome.ABSENT, ""),
				argumentSet("3.3.2 empty line (test_tracestate_empty_header)", List.of(""), TracestateOutcome.ABSENT,
						""),
				argumentSet("3.3.2 member then empty line (test_tracestate_empty_header)", List.of("foo=1", ""),
						TracestateOutcome.ACCEPTED, "foo=1"),
				argumentSet("3.3.2 empty line then member (test_tracestate_empty_header)", List.of("", "foo=1"),
						TracestateOutcome.ACCEPTED, "foo=1"),
				argumentSet("3.3.2 only empty and whitespace-only members", List.of(" , ,\t,,", "\t"),
						TracestateOutcome.ABSENT, ""),
				argumentSet("3.3.2 empty members between others", List.of(",foo=1,, \t ,bar=2,"),
						TracestateOutcome.ACCEPTED, "foo=1,bar=2"),
				argumentSet("null line is empty", Collections.singletonList(null), TracestateOutcome.ABSENT, ""),
				// 3.3.2.1 list; test_tracestate_included_traceparent_included
				argumentSet("3.3.2.1 two members (test_tracestate_included_traceparent_included)",
						List.of("foo=1,bar=2"), TracestateOutcome.ACCEPTED, "foo=1,bar=2"),
				argumentSet("3.3.2.1 OWS around members (test_tracestate_ows_handling)",
						List.of("foo=1 \t , \t bar=2, \t baz=3"), TracestateOutcome.ACCEPTED, "foo=1,bar=2,baz=3"),
				argumentSet("3.3.2.1 tabs around members (test_tracestate_ows_handling)",
						List.of("foo=1\t \t,\t \tbar=2,\t \tbaz=3"), TracestateOutcome.ACCEPTED, "foo=1,bar=2,baz=3"),
				argumentSet("3.3.2.1 leading space (test_tracestate_ows_handling)", List.of(" foo=1"),
						TracestateOutcome.ACCEPTED, "foo=1"),
				argumentSet("3.3.2.1 leading tab (test_tracestate_ows_handling)", List.of("\tfoo=1"),
						TracestateOutcome.ACCEPTED, "foo=1"),
				argumentSet("3.3.2.1 trailing space (test_tracestate_ows_handling)", List.of("foo=1 "),
						TracestateOutcome.ACCEPTED, "foo=1"),
				argumentSet("3.3.2.1 trailing tab (test_tracestate_ows_handling)", List.of("foo=1\t"),
						TracestateOutcome.ACCEPTED, "foo=1"),
				argumentSet("3.3.2.1 OWS on both sides (test_tracestate_ows_handling)", List.of("\t foo=1 \t"),
						TracestateOutcome.ACCEPTED, "foo=1"),
				argumentSet("3.3.2.1 member without '='", List.of("foo=1,bar"), TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.1 32 members over 4 lines (test_tracestate_member_count_limit)", members(1, 32),
						TracestateOutcome.ACCEPTED, String.join(",", members(1, 32))),
				argumentSet("3.3.2.1 33 members over 4 lines (test_tracestate_member_count_limit)", members(1, 33),
						TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.1 33 members counting duplicates",
						List.of(String.join(",", Collections.nCopies(33, "foo=1"))), TracestateOutcome.INVALID, ""),
				// RFC 9110 5.3 field order;
				// test_tracestate_multiple_headers_different_keys
				argumentSet("RFC 9110 5.3 lines join in order (test_tracestate_multiple_headers_different_keys)",
						List.of("foo=1,bar=2", "rojo=1,congo=2", "baz=3"), TracestateOutcome.ACCEPTED,
						"foo=1,bar=2,rojo=1,congo=2,baz=3"),
				// 3.3.2.2.1 key; test_tracestate_key_*
				argumentSet("3.3.2.2.1 space before '=' (test_tracestate_key_illegal_characters)", List.of("foo =1"),
						TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.2.1 upper case (test_tracestate_key_illegal_characters)", List.of("FOO=1"),
						TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.2.1 '.' (test_tracestate_key_illegal_characters)", List.of("foo.bar=1"),
						TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.2.1 '@' last (test_tracestate_key_illegal_vendor_format)", List.of("foo@=1,bar=2"),
						TracestateOutcome.ACCEPTED, "foo@=1,bar=2"),
				argumentSet("3.3.2.2.1 '@' first (test_tracestate_key_illegal_vendor_format)", List.of("@foo=1,bar=2"),
						TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.2.1 '@@' (test_tracestate_key_illegal_vendor_format)", List.of("foo@@bar=1,bar=2"),
						TracestateOutcome.ACCEPTED, "foo@@bar=1,bar=2"),
				argumentSet("3.3.2.2.1 two '@' (test_tracestate_key_illegal_vendor_format)",
						List.of("foo@bar@baz=1,bar=2"), TracestateOutcome.ACCEPTED, "foo@bar@baz=1,bar=2"),
				argumentSet("3.3.2.2.1 256 characters (test_tracestate_key_length_limit)",
						List.of("foo=1", "z".repeat(256) + "=1"), TracestateOutcome.ACCEPTED,
						"foo=1," + "z".repeat(256) + "=1"),
				argumentSet("3.3.2.2.1 257 characters (test_tracestate_key_length_limit)",
						List.of("foo=1", "z".repeat(257) + "=1"), TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.2.1 256 characters with '@' (test_tracestate_key_length_limit)",
						List.of("foo=1", "t".repeat(241) + "@" + "v".repeat(14) + "=1"), TracestateOutcome.ACCEPTED,
						"foo=1," + "t".repeat(241) + "@" + "v".repeat(14) + "=1"),
				argumentSet("3.3.2.2.1 '@v' last (test_tracestate_key_length_limit)",
						List.of("foo=1", "t".repeat(242) + "@v=1"), TracestateOutcome.ACCEPTED,
						"foo=1," + "t".repeat(242) + "@v=1"),
				argumentSet("3.3.2.2.1 't@' first (test_tracestate_key_length_limit)",
						List.of("foo=1", "t@" + "v".repeat(15) + "=1"), TracestateOutcome.ACCEPTED,
						"foo=1,t@" + "v".repeat(15) + "=1"),
				argumentSet("3.3.2.2.1 digit first", List.of("1foo=1,0=2"), TracestateOutcome.ACCEPTED, "1foo=1,0=2"),
				argumentSet("3.3.2.2.1 every keychar (test_tracestate_all_allowed_characters)",
						List.of(ALL_KEY_CHARS + "=1", ALL_KEY_CHARS + "@a-z0-9_-*/=2"), TracestateOutcome.ACCEPTED,
						ALL_KEY_CHARS + "=1," + ALL_KEY_CHARS + "@a-z0-9_-*/=2"),
				argumentSet("3.3.2.2.1 '_' first", List.of("_foo=1"), TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.2.1 empty key", List.of("=1"), TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.2.1 space inside", List.of("fo o=1"), TracestateOutcome.INVALID, ""),
				// 3.3.2.2.2 value; test_tracestate_value_illegal_characters
				argumentSet("3.3.2.2.2 '=' in value (test_tracestate_value_illegal_characters)", List.of("foo=bar=baz"),
						TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.2.2 empty value (test_tracestate_value_illegal_characters)", List.of("foo=,bar=3"),
						TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.2.2 every printable character (test_tracestate_all_allowed_characters)",
						List.of("foo=" + ALL_VALUE_CHARS), TracestateOutcome.ACCEPTED, "foo=" + ALL_VALUE_CHARS),
				argumentSet("3.3.2.2.2 leading spaces are part of the value", List.of("foo=  1"),
						TracestateOutcome.ACCEPTED, "foo=  1"),
				argumentSet("3.3.2.2.2 space inside the value", List.of("foo=a b"), TracestateOutcome.ACCEPTED,
						"foo=a b"),
				argumentSet("3.3.2.2.2 value of spaces only", List.of("foo=   "), TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.2.2 256 characters", List.of("foo=" + "v".repeat(256)), TracestateOutcome.ACCEPTED,
						"foo=" + "v".repeat(256)),
				argumentSet("3.3.2.2.2 257 characters", List.of("foo=" + "v".repeat(257)), TracestateOutcome.INVALID,
						""),
				argumentSet("3.3.2.2.2 tab inside the value", List.of("foo=a\tb"), TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.2.2 DEL", List.of("foo=a\u007f"), TracestateOutcome.INVALID, ""),
				argumentSet("3.3.2.2.2 an invalid member discards valid ones", List.of("foo=1", "bar=2", "baz="),
						TracestateOutcome.INVALID, ""),
				// 3.5 duplicate keys; test_tracestate_duplicated_keys
				argumentSet("3.5 same entry twice (test_tracestate_duplicated_keys)", List.of("foo=1,foo=1"),
						TracestateOutcome.DUPLICATE_KEY, "foo=1"),
				argumentSet("3.5 same key twice (test_tracestate_duplicated_keys)", List.of("foo=1,foo=2"),
						TracestateOutcome.DUPLICATE_KEY, "foo=1"),
				argumentSet("3.5 same entry on two lines (test_tracestate_duplicated_keys)", List.of("foo=1", "foo=1"),
						TracestateOutcome.DUPLICATE_KEY, "foo=1"),
				argumentSet("3.5 same key on two lines (test_tracestate_duplicated_keys)", List.of("foo=1", "foo=2"),
						TracestateOutcome.DUPLICATE_KEY, "foo=1"),
				argumentSet("3.5 the left-most of three is kept in place", List.of("a=1,foo=1,b=2,foo=2,c=3,foo=3"),
						TracestateOutcome.DUPLICATE_KEY, "a=1,foo=1,b=2,c=3"),
				argumentSet("3.5 a key that is a prefix of another is no duplicate", List.of("foo=1,foobar=2,fo=3"),
						TracestateOutcome.ACCEPTED, "foo=1,foobar=2,fo=3"),
				// hostile content
				argumentSet("hostile: CR LF after a member", List.of("foo=1\r\n,bar=2"), TracestateOutcome.INVALID, ""),
				argumentSet("hostile: header injection", List.of("foo=1\r\nx-evil: 1"), TracestateOutcome.INVALID, ""),
				argumentSet("hostile: NUL in a value", List.of("foo=a\u0000b"), TracestateOutcome.INVALID, ""),
				argumentSet("hostile: NUL as a member", List.of("foo=1,\u0000"), TracestateOutcome.INVALID, ""),
				argumentSet("hostile: non-ASCII value", List.of("foo=caf\u00e9"), TracestateOutcome.INVALID, ""),
				argumentSet("hostile: non-ASCII key", List.of("f\u00f6o=1"), TracestateOutcome.INVALID, ""),
				argumentSet("hostile: no-break space around a member", List.of("\u00a0foo=1"),
						TracestateOutcome.INVALID, ""),
				argumentSet("hostile: surrogate pair in a value", List.of("foo=\ud83d\ude00"),
						TracestateOutcome.INVALID, ""),
				// bounds
				argumentSet("bounds: 32 empty lines", Collections.nCopies(32, ""), TracestateOutcome.ABSENT, ""),
				argumentSet("bounds: 33 lines", Collections.nCopies(33, ""), TracestateOutcome.OVERSIZED_TRACESTATE,
						""),
				argumentSet("bounds: 8192 characters", List.of(" ".repeat(8186), "foo=1 "), TracestateOutcome.ACCEPTED,
						"foo=1"),
				argumentSet("bounds: 8193 characters", List.of(" ".repeat(8187), "foo=1 "),
						TracestateOutcome.OVERSIZED_TRACESTATE, ""),
				argumentSet("hostile: 1 MB line", List.of("a=" + "b".repeat(1 << 20)),
						TracestateOutcome.OVERSIZED_TRACESTATE, ""),
				argumentSet("hostile: 1 MB of commas", List.of(",".repeat(1 << 20)),
						TracestateOutcome.OVERSIZED_TRACESTATE, ""),
				argumentSet("hostile: 10,000 lines", Collections.nCopies(10_000, "foo=1"),
						TracestateOutcome.OVERSIZED_TRACESTATE, ""),
				argumentSet("hostile: an invalid line before the 33rd", lines(33, "FOO"),
						TracestateOutcome.OVERSIZED_TRACESTATE, ""));
	}

	static Stream<Arguments> truncations() {
		String long1 = "long1=" + "x".repeat(244);
		String long2 = "long2=" + "y".repeat(244);
		String short1 = "short1=" + "s".repeat(13);
		// 30 entries of 18 characters: 569 in all, 512 once the last 3 are gone
		List<String> thirty = IntStream.rangeClosed(1, 30)
			.mapToObj((i) -> String.format("key%02d=%s", i, "v".repeat(12)))
			.toList();
		String fiveHundredTwelve = "a=" + "v".repeat(254) + ",b=" + "v".repeat(253);
		return Stream.of(
				argumentSet("3.3.3.1 exactly 512 characters are kept", List.of(fiveHundredTwelve),
						TracestateOutcome.ACCEPTED, fiveHundredTwelve),
				argumentSet("3.3.3.1 516 characters: the right-most long entry goes, not the short one",
						List.of(fiveHundredTwelve + ",c=1"), TracestateOutcome.TRUNCATED,
						"a=" + "v".repeat(254) + ",c=1"),
				argumentSet("3.3.3.1 entries over 128 characters go first, right-most first",
						List.of(short1, long1, short1.replace('1', '2'), long2, short1.replace('1', '3')),
						TracestateOutcome.TRUNCATED,
						String.join(",", short1, long1, short1.replace('1', '2'), short1.replace('1', '3'))),
				argumentSet("3.3.3.1 then entries from the end", thirty, TracestateOutcome.TRUNCATED,
						String.join(",", thirty.subList(0, 27))),
				argumentSet("3.3.3.1 a single entry of 513 characters leaves nothing",
						List.of("k".repeat(256) + "=" + "v".repeat(256)), TracestateOutcome.TRUNCATED, ""),
				argumentSet("3.3.3.1 OWS does not count towards the limit",
						List.of("a=" + "v".repeat(254) + " \t , \t b=" + "v".repeat(253)), TracestateOutcome.ACCEPTED,
						fiveHundredTwelve),
				argumentSet("3.3.3.1 truncation is reported over duplicates",
						Stream.concat(thirty.stream(), Stream.of("key01=again")).toList(), TracestateOutcome.TRUNCATED,
						String.join(",", thirty.subList(0, 27))));
	}

	private static List<String> members(int from, int to) {
		List<String> lines = new ArrayList<>();
		for (int start = from; start <= to; start += 10) {
			lines.add(IntStream.rangeClosed(start, Math.min(start + 9, to))
				.mapToObj((i) -> String.format("bar%02d=%02d", i, i))
				.collect(Collectors.joining(",")));
		}
		return lines;
	}

	private static List<String> lines(int count, String first) {
		List<String> lines = new ArrayList<>(Collections.nCopies(count, "foo=1"));
		lines.set(0, first);
		return lines;
	}

	@ParameterizedTest
	@MethodSource({ "headers", "truncations" })
	void parsesByW3cRule(List<String> lines, TracestateOutcome expected, String formatted) {
		ParsedTracestate parsed = TracestateHeader.parse(lines);
		assertThat(parsed.outcome()).isEqualTo(expected);
		assertThat(parsed.format()).isEqualTo(formatted);
		assertThat(parsed.isEmpty()).isEqualTo(formatted.isEmpty());
		if (!expected.keepsState()) {
			assertThat(parsed.size()).isZero();
		}
	}

	@Test
	void readsKeysAndValuesInOrder() {
		ParsedTracestate parsed = TracestateHeader.parse(List.of("rojo=00f067aa0ba902b7, congo= t61rcWkgMzE"));
		assertThat(parsed.size()).isEqualTo(2);
		assertThat(parsed.key(0)).isEqualTo("rojo");
		assertThat(parsed.value(0)).isEqualTo("00f067aa0ba902b7");
		assertThat(parsed.key(1)).isEqualTo("congo");
		assertThat(parsed.value(1)).isEqualTo(" t61rcWkgMzE");
		assertThat(parsed.get("congo")).isEqualTo(" t61rcWkgMzE");
		assertThat(parsed.get("other")).isNull();
		assertThatIndexOutOfBoundsException().isThrownBy(() -> parsed.key(2));
		assertThatIndexOutOfBoundsException().isThrownBy(() -> parsed.value(-1));
	}

	@Test
	void valueWithEveryAllowedCharacterIsReadBack() {
		ParsedTracestate parsed = TracestateHeader.parse(List.of(ALL_KEY_CHARS + "@a-z0-9_-*/=" + ALL_VALUE_CHARS));
		assertThat(parsed.get(ALL_KEY_CHARS + "@a-z0-9_-*/")).isEqualTo(ALL_VALUE_CHARS);
	}

	@Test
	void aCanonicalLineIsFormattedBackByteForByte() {
		String line = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,1x@y=a b,k*/-_=~!\"#$%&'()*+-./:;<>?[\\]^_`{|}";
		assertThat(TracestateHeader.parse(List.of(line)).format()).isEqualTo(line);
	}

	@Test
	void stopsReadingAnEndlessHeaderAtTheLineBound() {
		AtomicInteger read = new AtomicInteger();
		Iterable<String> endless = () -> Stream.generate(() -> {
			read.incrementAndGet();
			return "foo=1";
		}).iterator();
		assertThat(TracestateHeader.parse(endless).outcome()).isEqualTo(TracestateOutcome.OVERSIZED_TRACESTATE);
		assertThat(read).hasValue(TracestateHeader.MAX_LINES + 1);
	}

	@Test
	void stopsReadingAtTheCharacterBound() {
		AtomicInteger read = new AtomicInteger();
		Iterable<String> lines = () -> Stream.generate(() -> {
			read.incrementAndGet();
			return "x".repeat(5000);
		}).limit(TracestateHeader.MAX_LINES).iterator();
		assertThat(TracestateHeader.parse(lines).outcome()).isEqualTo(TracestateOutcome.OVERSIZED_TRACESTATE);
		assertThat(read).hasValue(2);
	}

	@Test
	void discardedAndAbsentStatesAreShared() {
		assertThat(TracestateHeader.parse(List.of("FOO=1"))).isSameAs(TracestateHeader.parse(List.of("a=")));
		assertThat(TracestateHeader.parse(List.of(""))).isSameAs(TracestateHeader.parse(null));
		assertThat(TracestateHeader.parse(Collections.nCopies(33, "")))
			.isSameAs(TracestateHeader.parse(List.of("x".repeat(8193))));
	}

	@Test
	void withEntryAddsANewKeyOnTheLeft() {
		ParsedTracestate received = TracestateHeader.parse(List.of("congo=t61rcWkgMzE"));
		ParsedTracestate updated = received.withEntry("rojo", "00f067aa0ba902b7");
		assertThat(updated.format()).isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
		assertThat(updated.outcome()).isEqualTo(TracestateOutcome.ACCEPTED);
		assertThat(received.format()).isEqualTo("congo=t61rcWkgMzE");
	}

	@Test
	void withEntryMovesAnUpdatedKeyToTheLeft() {
		ParsedTracestate received = TracestateHeader.parse(List.of("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,x=1"));
		assertThat(received.withEntry("congo", "ucfJifl5GOE").format())
			.isEqualTo("congo=ucfJifl5GOE,rojo=00f067aa0ba902b7,x=1");
		assertThat(received.withEntry("x", "1").format()).isEqualTo("x=1,rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
	}

	@Test
	void withEntryDropsTheRightMostEntryBeyond32() {
		ParsedTracestate full = TracestateHeader.parse(members(1, 32));
		ParsedTracestate added = full.withEntry("new", "1");
		assertThat(added.size()).isEqualTo(32);
		assertThat(added.key(0)).isEqualTo("new");
		assertThat(added.key(31)).isEqualTo("bar31");
		ParsedTracestate updated = full.withEntry("bar32", "x");
		assertThat(updated.size()).isEqualTo(32);
		assertThat(updated.key(0)).isEqualTo("bar32");
		assertThat(updated.key(31)).isEqualTo("bar31");
	}

	@ParameterizedTest
	@EnumSource(value = TracestateOutcome.class, names = { "ABSENT", "INVALID", "OVERSIZED_TRACESTATE" })
	void withEntryStartsANewListWhenNothingWasKept(TracestateOutcome outcome) {
		ParsedTracestate discarded = switch (outcome) {
			case ABSENT -> TracestateHeader.parse(null);
			case INVALID -> TracestateHeader.parse(List.of("FOO=1"));
			default -> TracestateHeader.parse(List.of("x".repeat(8193)));
		};
		assertThat(discarded.outcome()).isEqualTo(outcome);
		assertThat(discarded.withEntry("rojo", "1").format()).isEqualTo("rojo=1");
	}

	@Test
	void withEntryRejectsAnInvalidKeyOrValue() {
		ParsedTracestate state = TracestateHeader.parse(null);
		assertThatIllegalArgumentException().isThrownBy(() -> state.withEntry("Rojo", "1"));
		assertThatIllegalArgumentException().isThrownBy(() -> state.withEntry("rojo", "a,b"));
		assertThatIllegalArgumentException().isThrownBy(() -> state.withEntry("rojo", ""));
		assertThatIllegalArgumentException().isThrownBy(() -> state.withEntry("rojo", "1 "));
	}

	static Stream<Arguments> keys() {
		return Stream.of(argumentSet("3.3.2.2.1 lcalpha first", "foo", true),
				argumentSet("3.3.2.2.1 digit first", "0foo", true), argumentSet("3.3.2.2.1 one character", "a", true),
				argumentSet("3.3.2.2.1 every keychar", ALL_KEY_CHARS + "@", true),
				argumentSet("3.3.2.2.1 256 characters", "k".repeat(256), true),
				argumentSet("3.3.2.2.1 257 characters", "k".repeat(257), false),
				argumentSet("3.3.2.2.1 empty", "", false), argumentSet("3.3.2.2.1 null", null, false),
				argumentSet("3.3.2.2.1 '@' first", "@foo", false), argumentSet("3.3.2.2.1 '-' first", "-foo", false),
				argumentSet("3.3.2.2.1 upper case", "Foo", false), argumentSet("3.3.2.2.1 '.'", "a.b", false),
				argumentSet("3.3.2.2.1 '='", "a=b", false), argumentSet("3.3.2.2.1 space", "a b", false));
	}

	@ParameterizedTest
	@MethodSource("keys")
	void validatesKeys(String key, boolean valid) {
		assertThat(TracestateHeader.isValidKey(key)).isEqualTo(valid);
	}

	static Stream<Arguments> values() {
		return Stream.of(argumentSet("3.3.2.2.2 one character", "1", true),
				argumentSet("3.3.2.2.2 every allowed character", ALL_VALUE_CHARS, true),
				argumentSet("3.3.2.2.2 leading spaces", "  v", true),
				argumentSet("3.3.2.2.2 256 characters", "v".repeat(256), true),
				argumentSet("3.3.2.2.2 257 characters", "v".repeat(257), false),
				argumentSet("3.3.2.2.2 empty", "", false), argumentSet("3.3.2.2.2 null", null, false),
				argumentSet("3.3.2.2.2 trailing space", "v ", false), argumentSet("3.3.2.2.2 ','", "a,b", false),
				argumentSet("3.3.2.2.2 '='", "a=b", false), argumentSet("3.3.2.2.2 tab", "a\tb", false),
				argumentSet("3.3.2.2.2 non-ASCII", "\u00e9", false));
	}

	@ParameterizedTest
	@MethodSource("values")
	void validatesValues(String value, boolean valid) {
		assertThat(TracestateHeader.isValidValue(value)).isEqualTo(valid);
	}

	@Test
	void reasonsAreDistinctAndOnlyForChangedOrDiscardedStates() {
		assertThat(Arrays.stream(TracestateOutcome.values()).map(TracestateOutcome::reason)).containsExactly(null, null,
				"tracestate-oversized", "tracestate-invalid", "tracestate-duplicate-key", "tracestate-truncated");
	}

}
