package io.github.tracecontext.w3c;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.tracecontext.w3c.IncomingTraceparent.Outcome;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of {@link TraceparentHeader} and {@link TracestateHeader} over several
 * hundred thousand generated headers: parsing never throws, whatever is accepted or kept
 * is what an independent reading of the ABNF (the regular expressions below) accepts, and
 * canonical headers come back byte for byte.
 */
class TraceHeaderPropertyTests {

	// Independent oracles: the ABNF of sections 3.2.2 and 3.3.2 written as regular
	// expressions.

	private static final Pattern TRACEPARENT = Pattern.compile("[ \t]*(?<version>(?!ff)[0-9a-f]{2})"
			+ "-(?<trace>(?!0{32})[0-9a-f]{32})-(?<parent>(?!0{16})[0-9a-f]{16})-(?<flags>[0-9a-f]{2})"
			+ "(?<future>-.*)?[ \t]*", Pattern.DOTALL);

	private static final String KEY = "[a-z0-9][a-z0-9_\\-*/@]{0,255}";

	private static final String VALUE = "[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]";

	private static final Pattern MEMBER = Pattern.compile("(" + KEY + ")=" + VALUE);

	private static final Pattern TRACESTATE = Pattern
		.compile(KEY + "=" + VALUE + "(?:," + KEY + "=" + VALUE + "){0,31}");

	private static final Pattern OWS_AROUND = Pattern.compile("^[ \t]+|[ \t]+$");

	private static final String HEX = "0123456789abcdef";

	// (a) and (b): traceparent

	@Property(tries = 100_000)
	void randomTraceparentLinesAgreeWithTheOracle(@ForAll("randomTraceparentLines") List<String> lines) {
		checkTraceparent(lines);
		Statistics.label("traceparent").coverage((coverage) -> {
			coverage.check(Outcome.OVERSIZED).count((Integer count) -> count > 0);
			coverage.check(Outcome.DUPLICATE_HEADER).count((Integer count) -> count > 0);
		});
	}

	@Property(tries = 100_000)
	void mutatedTraceparentsAgreeWithTheOracle(@ForAll("validTraceparents") String valid,
			@ForAll("mutations") List<Mutation> mutations) {
		checkTraceparent(Mutation.applyAll(valid, mutations));
		Statistics.label("traceparent").coverage((coverage) -> {
			coverage.check(Outcome.ACCEPTED).percentage((Double percent) -> percent > 5);
			for (Outcome outcome : List.of(Outcome.BAD_LENGTH, Outcome.NOT_HEX, Outcome.UPPERCASE_HEX,
					Outcome.OVERSIZED, Outcome.DUPLICATE_HEADER)) {
				coverage.check(outcome).percentage((Double percent) -> percent > 0.01);
			}
		});
	}

	private static void checkTraceparent(List<String> lines) {
		ParsedTraceparent parsed = TraceparentHeader.parse(lines);
		Statistics.label("traceparent").collect(parsed.outcome());
		// the allocation-free check agrees, on a list and on an iterable that is not one
		assertThat(TraceparentHeader.validate(lines)).isEqualTo(parsed.outcome());
		assertThat(TraceparentHeader.validate(lines::iterator)).isEqualTo(parsed.outcome());
		assertThat(TraceparentHeader.parse(lines::iterator)).isEqualTo(parsed);
		if (lines.size() > 1) {
			assertThat(parsed.outcome()).isEqualTo(Outcome.DUPLICATE_HEADER);
			return;
		}
		String line = lines.isEmpty() ? "" : lines.get(0);
		Matcher oracle = TRACEPARENT.matcher(line);
		boolean valid = line.length() <= TraceparentHeader.MAX_LENGTH && oracle.matches()
				&& (!oracle.group("version").equals("00") || oracle.group("future") == null);
		assertThat(parsed.isValid()).as("valid by the ABNF: %s", line).isEqualTo(valid);
		assertThat(IncomingTraceparent.classify(line)).isEqualTo(parsed.outcome());
		if (valid) {
			assertThat(parsed.version()).isEqualTo(Integer.parseInt(oracle.group("version"), 16));
			assertThat(parsed.traceId()).isEqualTo(oracle.group("trace"));
			assertThat(parsed.parentId()).isEqualTo(oracle.group("parent"));
			assertThat(parsed.flags()).isEqualTo(Integer.parseInt(oracle.group("flags"), 16));
			assertThat(parsed.format()).matches("00-" + parsed.traceId() + "-" + parsed.parentId() + "-[0-9a-f]{2}");
		}
		else {
			assertThat(parsed.traceId()).isNull();
		}
	}

	// (c): traceparent round trip

	@Property(tries = 50_000)
	void canonicalVersion00TraceparentsRoundTrip(@ForAll("validTraceparents") String valid) {
		String version00 = "00" + valid.substring(2, TraceparentHeader.VERSION_0_LENGTH);
		assertThat(TraceparentHeader.parse(List.of(version00)).format()).isEqualTo(version00);
	}

	// (a) and (b): tracestate

	@Property(tries = 50_000)
	void randomTracestateLinesAgreeWithTheOracle(@ForAll("randomTracestateLines") List<String> lines) {
		checkTracestate(lines);
		Statistics.label("tracestate").coverage((coverage) -> {
			for (TracestateOutcome outcome : List.of(TracestateOutcome.ABSENT, TracestateOutcome.INVALID,
					TracestateOutcome.OVERSIZED_TRACESTATE)) {
				coverage.check(outcome).percentage((Double percent) -> percent > 1);
			}
		});
	}

	@Property(tries = 100_000)
	void mutatedTracestatesAgreeWithTheOracle(@ForAll("validTracestates") List<String> valid,
			@ForAll("mutations") List<Mutation> mutations) {
		checkTracestate(Mutation.applyAll(String.join(",", valid), mutations));
		Statistics.label("tracestate").coverage((coverage) -> {
			coverage.check(TracestateOutcome.ACCEPTED).percentage((Double percent) -> percent > 10);
			coverage.check(TracestateOutcome.INVALID).percentage((Double percent) -> percent > 10);
			coverage.check(TracestateOutcome.DUPLICATE_KEY).percentage((Double percent) -> percent > 0.01);
			coverage.check(TracestateOutcome.TRUNCATED).percentage((Double percent) -> percent > 0.01);
		});
	}

	private static void checkTracestate(List<String> lines) {
		ParsedTracestate parsed = TracestateHeader.parse(lines);
		Statistics.label("tracestate").collect(parsed.outcome());
		String formatted = parsed.format();
		if (parsed.outcome().keepsState() && !parsed.isEmpty()) {
			assertThat(formatted).hasSizeLessThanOrEqualTo(TracestateHeader.MAX_PROPAGATED_LENGTH).matches(TRACESTATE);
			List<String> keys = new ArrayList<>();
			for (int i = 0; i < parsed.size(); i++) {
				keys.add(parsed.key(i));
			}
			assertThat(keys).doesNotHaveDuplicates();
		}
		int total = lines.stream().mapToInt(String::length).sum();
		if (lines.size() > TracestateHeader.MAX_LINES || total > TracestateHeader.MAX_TOTAL_LENGTH) {
			assertThat(parsed.outcome()).isEqualTo(TracestateOutcome.OVERSIZED_TRACESTATE);
			return;
		}
		Reference expected = Reference.of(lines);
		assertThat(parsed.outcome()).as("%s", lines).isEqualTo(expected.outcome);
		assertThat(formatted).isEqualTo(expected.formatted);
	}

	// (c): tracestate round trip

	@Property(tries = 50_000)
	void canonicalTracestatesRoundTrip(@ForAll("validTracestates") List<String> members) {
		String canonical = String.join(",", members);
		ParsedTracestate parsed = TracestateHeader.parse(List.of(canonical));
		assertThat(parsed.outcome()).isEqualTo(TracestateOutcome.ACCEPTED);
		assertThat(parsed.format()).isEqualTo(canonical);
		// the same members sent one per line, as RFC 9110 allows, read the same
		assertThat(TracestateHeader.parse(members).format()).isEqualTo(canonical);
	}

	// Generators: long strings are a short random unit repeated, which costs jqwik far
	// less
	// than drawing every character.

	@Provide
	Arbitrary<String> validTraceparents() {
		Arbitrary<String> version = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("00")),
				Tuple.of(1, Arbitraries.strings().withChars(HEX).ofLength(2).filter((v) -> !v.equals("ff"))));
		Arbitrary<String> traceId = Arbitraries.strings().withChars(HEX).ofLength(32).filter((id) -> !id.matches("0+"));
		Arbitrary<String> parentId = Arbitraries.strings()
			.withChars(HEX)
			.ofLength(16)
			.filter((id) -> !id.matches("0+"));
		Arbitrary<String> flags = Arbitraries.integers().between(0, 255).map((f) -> String.format("%02x", f));
		// future fields, some of them taking the header across the 512 character bound
		Arbitrary<String> future = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("")),
				Tuple.of(2, Arbitraries.strings().ofMaxLength(20).map((rest) -> "-" + rest)),
				Tuple.of(1, repeated(Arbitraries.strings().ofMinLength(1).ofMaxLength(4), 440, 470)
					.map((rest) -> "-" + rest)));
		return Combinators.combine(version, traceId, parentId, flags, future)
			.as((v, t, p, f, rest) -> v + "-" + t + "-" + p + "-" + f + (v.equals("00") ? "" : rest));
	}

	@Provide
	Arbitrary<List<String>> randomTraceparentLines() {
		Arbitrary<String> line = Arbitraries.frequencyOf(Tuple.of(6, headerish("0123456789abcdefABCDEF-", 40, 70)),
				Tuple.of(2, Arbitraries.strings().all().ofMaxLength(60)),
				Tuple.of(1, repeated(headerish("0f-", 1, 8), 400, 600)));
		return line.list().ofMaxSize(3);
	}

	@Provide
	Arbitrary<List<String>> validTracestates() {
		String keyChars = "abcdefghijklmnopqrstuvwxyz0123456789_-*/@";
		String valueChars = IntStream.rangeClosed(' ', '~')
			.filter((c) -> c != ',' && c != '=')
			.mapToObj((c) -> String.valueOf((char) c))
			.collect(Collectors.joining());
		Arbitrary<String> keyTail = Arbitraries.frequencyOf(
				Tuple.of(9, Arbitraries.strings().withChars(keyChars).ofMaxLength(8)),
				Tuple.of(1, repeated(Arbitraries.strings().withChars(keyChars).ofMinLength(1).ofMaxLength(4), 9, 255)));
		Arbitrary<String> key = Combinators
			.combine(Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofLength(1), keyTail)
			.as(String::concat);
		Arbitrary<String> valueHead = Arbitraries
			.frequencyOf(Tuple.of(9, Arbitraries.strings().withChars(valueChars).ofMaxLength(8)), Tuple.of(1,
					repeated(Arbitraries.strings().withChars(valueChars).ofMinLength(1).ofMaxLength(4), 9, 254)));
		Arbitrary<String> value = Combinators
			.combine(valueHead, Arbitraries.strings().withChars(valueChars.substring(1)).ofLength(1))
			.as(String::concat);
		return Combinators.combine(key, value)
			.as((k, v) -> k + "=" + v)
			.list()
			.ofMinSize(1)
			.ofMaxSize(TracestateHeader.MAX_MEMBERS)
			.uniqueElements((member) -> member.substring(0, member.indexOf('=')))
			.map(TraceHeaderPropertyTests::fitting);
	}

	@Provide
	Arbitrary<List<String>> randomTracestateLines() {
		Arbitrary<String> line = Arbitraries.frequencyOf(Tuple.of(6, headerish("abz09_-*/@=, \tA.~", 0, 40)),
				Tuple.of(1, Arbitraries.strings().all().ofMaxLength(40)),
				Tuple.of(1, repeated(headerish("ab=, ", 1, 8), 200, 5000)));
		return line.list().ofMaxSize(40);
	}

	@Provide
	Arbitrary<List<Mutation>> mutations() {
		Arbitrary<Character> replacement = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.chars().with(HEX)),
				Tuple.of(4, Arbitraries.chars().with("ABCDEFZ-,=@ \t")),
				Tuple.of(1, Arbitraries.chars().with("\r\n\u0000\u007f\u00a0\u00e9\ud83d\ude00\uffff")),
				Tuple.of(1, Arbitraries.chars().all()));
		return Combinators
			.combine(Arbitraries.of(Mutation.Kind.class), Arbitraries.integers().between(0, 1 << 20), replacement)
			.as(Mutation::new)
			.list()
			.ofMinSize(1)
			.ofMaxSize(4);
	}

	private static Arbitrary<String> headerish(String chars, int minLength, int maxLength) {
		return Arbitraries.strings()
			.withChars(chars)
			.withChars(" \t\r\n\u0000\u00e9")
			.ofMinLength(minLength)
			.ofMaxLength(maxLength);
	}

	private static Arbitrary<String> repeated(Arbitrary<String> unit, int minLength, int maxLength) {
		return Combinators.combine(unit, Arbitraries.integers().between(minLength, maxLength))
			.as((u, length) -> u.repeat(length / u.length() + 1).substring(0, length));
	}

	/** The longest prefix of members that fits the propagation limit (never empty). */
	private static List<String> fitting(List<String> members) {
		List<String> fitting = new ArrayList<>();
		int length = -1;
		for (String member : members) {
			length += member.length() + 1;
			if (length > TracestateHeader.MAX_PROPAGATED_LENGTH) {
				break;
			}
			fitting.add(member);
		}
		return fitting.isEmpty() ? List.of(members.get(0)) : fitting;
	}

	/**
	 * One edit of a header, positions taken modulo the lines and their lengths.
	 */
	record Mutation(Kind kind, int position, char c) {

		enum Kind {

			FLIP, INSERT, DELETE, UPPER_CASE, OWS, SPLIT, REPEAT

		}

		static List<String> applyAll(String header, List<Mutation> mutations) {
			List<String> lines = new ArrayList<>(List.of(header));
			for (Mutation mutation : mutations) {
				mutation.apply(lines);
			}
			return lines;
		}

		void apply(List<String> lines) {
			int index = this.position % lines.size();
			StringBuilder line = new StringBuilder(lines.get(index));
			int at = this.position % (line.length() + 1);
			switch (this.kind) {
				case FLIP -> line.replace(at, Math.min(at + 1, line.length()), String.valueOf(this.c));
				case INSERT -> line.insert(at, this.c);
				case DELETE -> line.delete(at, Math.min(at + 1, line.length()));
				case UPPER_CASE -> line.replace(0, line.length(), line.toString().toUpperCase());
				case OWS -> line.insert((this.position % 2 == 0) ? 0 : line.length(), (this.c % 2 == 0) ? " " : "\t");
				case REPEAT -> line.append(',').append(line, 0, at);
				case SPLIT -> {
					lines.add(index + 1, line.substring(at));
					line.setLength(at);
				}
			}
			lines.set(index, line.toString());
		}

	}

	/**
	 * What the ABNF and section 3.3.3.1 say should be kept, computed the simple way:
	 * split, match, deduplicate, then drop entries until the list fits.
	 */
	record Reference(TracestateOutcome outcome, String formatted) {

		static Reference of(List<String> lines) {
			Map<String, String> kept = new LinkedHashMap<>();
			int members = 0;
			boolean duplicate = false;
			for (String part : String.join(",", lines).split(",", -1)) {
				String member = OWS_AROUND.matcher(part).replaceAll("");
				if (member.isEmpty()) {
					continue;
				}
				Matcher matcher = MEMBER.matcher(member);
				if (!matcher.matches() || ++members > TracestateHeader.MAX_MEMBERS) {
					return new Reference(TracestateOutcome.INVALID, "");
				}
				duplicate |= kept.putIfAbsent(matcher.group(1), member) != null;
			}
			if (kept.isEmpty()) {
				return new Reference(TracestateOutcome.ABSENT, "");
			}
			List<String> entries = new ArrayList<>(kept.values());
			boolean truncated = false;
			while (String.join(",", entries).length() > TracestateHeader.MAX_PROPAGATED_LENGTH) {
				truncated = true;
				int longest = lastLongerThan128(entries);
				entries.remove((longest >= 0) ? longest : entries.size() - 1);
			}
			TracestateOutcome outcome = truncated ? TracestateOutcome.TRUNCATED
					: duplicate ? TracestateOutcome.DUPLICATE_KEY : TracestateOutcome.ACCEPTED;
			return new Reference(outcome, String.join(",", entries));
		}

		private static int lastLongerThan128(List<String> entries) {
			for (int i = entries.size() - 1; i >= 0; i--) {
				if (entries.get(i).length() > 128) {
					return i;
				}
			}
			return -1;
		}

	}

}
