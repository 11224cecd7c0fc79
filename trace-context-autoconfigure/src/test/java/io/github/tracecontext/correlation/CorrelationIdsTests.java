package io.github.tracecontext.correlation;

import io.github.tracecontext.propagation.DroppedHeader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.tracecontext.correlation.CorrelationIds.Outcome;
import io.github.tracecontext.stats.PropagationCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CorrelationIds}.
 */
class CorrelationIdsTests {

	private static final Pattern UUID_V4 = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

	private final PropagationCounters counters = new PropagationCounters();

	private final CorrelationIds ids = new CorrelationIds("X-Request-Id", "requestId", 64, false, this.counters);

	private final CorrelationIds generating = new CorrelationIds("X-Request-Id", "requestId", 64, true, this.counters);

	@ParameterizedTest(name = "accepted: \"{0}\"")
	@ValueSource(strings = { "abc", "42", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "Req_1.2~3:4/5+6=7@host", "a",
			"0123456789012345678901234567890123456789012345678901234567890123" })
	void acceptsIdsOfTheAllowedCharactersFromTrustedCallers(String value) {
		assertThat(this.ids.resolve(List.of(value), true)).isEqualTo(value);
		assertThat(this.counters.correlationCount(Outcome.ACCEPTED)).isEqualTo(1);
		assertThat(movedReasons()).isEmpty();
	}

	@Test
	void dropsSurroundingSpacesAndTabs() {
		assertThat(this.ids.resolve(List.of(" \tabc-1\t "), true)).isEqualTo("abc-1");
	}

	@ParameterizedTest(name = "invalid: \"{0}\"")
	@ValueSource(strings = { "", "   ", "a b", "a,b", "a;b", "\"quoted\"", "a\\b", "tab\tinside", "line\r\nbreak",
			"nul\u0000", "bell\u0007", "del\u007f", "caf\u00e9", "\u65e5\u672c", "emoji\ud83d\ude00", "<script>",
			"100%", "a#b", "a?b", "a&b", "{json}", "a|b", "a'b", "a*b", "a!b", "a$b", "a^b", "a(b)", "a[b]", "a`b" })
	void rejectsIdsWithOtherCharacters(String value) {
		assertThat(this.ids.resolve(List.of(value), true)).isNull();
		assertThat(this.counters.correlationCount(Outcome.REJECTED)).isEqualTo(1);
		assertThat(movedReasons()).containsExactly(org.assertj.core.api.Assertions.entry(CorrelationIds.INVALID, 1L));
	}

	@Test
	void rejectsIdsLongerThanTheMaximum() {
		String tooLong = "a".repeat(65);
		assertThat(this.ids.resolve(List.of(tooLong), true)).isNull();
		assertThat(this.counters.droppedByReason(DroppedHeader.CORRELATION)).containsEntry(CorrelationIds.OVERSIZED,
				1L);
	}

	@Test
	void rejectsAMegabyteIdWithoutReadingItAll() {
		String huge = "a".repeat(1 << 20);
		assertThat(this.ids.check(huge)).isEqualTo(CorrelationIds.OVERSIZED);
	}

	@Test
	void rejectsRepeatedHeaderLinesEvenWhenEachIsValid() {
		assertThat(this.ids.resolve(List.of("one", "two"), true)).isNull();
		assertThat(this.ids.resolve(List.of("same", "same"), true)).isNull();
		assertThat(this.counters.droppedByReason(DroppedHeader.CORRELATION))
			.containsEntry(CorrelationIds.DUPLICATE_HEADER, 2L);
	}

	@Test
	void readsOneOfManyLines() {
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			lines.add("id-" + i);
		}
		CountingIterable counting = new CountingIterable(lines);
		assertThat(this.ids.resolve(counting, true)).isNull();
		// the first line is read; that there is a second is enough
		assertThat(counting.read).isEqualTo(1);
	}

	@Test
	void ignoresTheIdOfACallerThatIsNotTrusted() {
		assertThat(this.ids.resolve(List.of("from-outside"), false)).isNull();
		assertThat(this.counters.correlationCount(Outcome.UNTRUSTED)).isEqualTo(1);
		assertThat(this.counters.correlationCount(Outcome.ACCEPTED)).isZero();
	}

	@Test
	void absentHeaderGivesNoIdUnlessAsked() {
		assertThat(this.ids.resolve(null, true)).isNull();
		assertThat(this.ids.resolve(List.of(), true)).isNull();
		assertThat(this.counters.correlationCount(Outcome.ABSENT)).isEqualTo(2);
		assertThat(this.counters.correlationCount(Outcome.GENERATED)).isZero();
	}

	@Test
	void generatesAnIdWhenAskedForEveryRequestWithoutAUsableOne() {
		String absent = this.generating.resolve(null, true);
		String rejected = this.generating.resolve(List.of("bad value"), true);
		String untrusted = this.generating.resolve(List.of("outsider"), false);
		assertThat(List.of(absent, rejected, untrusted)).allSatisfy((id) -> assertThat(id).matches(UUID_V4));
		assertThat(Set.of(absent, rejected, untrusted)).hasSize(3);
		assertThat(this.counters.correlationCount(Outcome.GENERATED)).isEqualTo(3);
		// a usable id from a trusted caller is kept, not replaced
		assertThat(this.generating.resolve(List.of("kept-1"), true)).isEqualTo("kept-1");
		assertThat(this.counters.correlationCount(Outcome.GENERATED)).isEqualTo(3);
	}

	@Test
	void generatedIdsAreVersion4UuidsAndDistinct() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String id = CorrelationIds.generate();
			assertThat(id).matches(UUID_V4);
			assertThat(java.util.UUID.fromString(id).version()).isEqualTo(4);
			assertThat(java.util.UUID.fromString(id).variant()).isEqualTo(2);
			seen.add(id);
		}
		assertThat(seen).hasSize(10_000);
	}

	@Test
	void generatedIdsPassTheirOwnCheck() {
		assertThat(this.ids.check(CorrelationIds.generate())).isNull();
	}

	@Test
	void maximumLengthOutOfRangeIsAConfigurationError() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CorrelationIds("h", "k", CorrelationIds.MAX_LENGTH_LIMIT + 1, false,
					CorrelationIds.Listener.NONE))
			.withMessageContaining("between 1 and 1024");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CorrelationIds("h", "k", 0, false, CorrelationIds.Listener.NONE));
	}

	@Test
	void maximumLengthAtTheBoundsIsKept() {
		assertThat(new CorrelationIds("h", "k", CorrelationIds.MAX_LENGTH_LIMIT, false, CorrelationIds.Listener.NONE)
			.maxLength()).isEqualTo(CorrelationIds.MAX_LENGTH_LIMIT);
		assertThat(new CorrelationIds("h", "k", 1, false, CorrelationIds.Listener.NONE).maxLength()).isEqualTo(1);
	}

	@Test
	void blankHeaderOrMdcKeyIsAConfigurationError() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CorrelationIds(" ", "k", 10, false, CorrelationIds.Listener.NONE));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CorrelationIds("h", "", 10, false, CorrelationIds.Listener.NONE));
	}

	private java.util.Map<String, Long> movedReasons() {
		java.util.Map<String, Long> moved = new java.util.TreeMap<>(
				this.counters.droppedByReason(DroppedHeader.CORRELATION));
		moved.values().removeIf((count) -> count == 0);
		return moved;
	}

	private static final class CountingIterable implements Iterable<String> {

		private final List<String> lines;

		private int read;

		CountingIterable(List<String> lines) {
			this.lines = lines;
		}

		@Override
		public java.util.Iterator<String> iterator() {
			java.util.Iterator<String> delegate = this.lines.iterator();
			return new java.util.Iterator<>() {

				@Override
				public boolean hasNext() {
					return delegate.hasNext();
				}

				@Override
				public String next() {
					CountingIterable.this.read++;
					return delegate.next();
				}

			};
		}

	}

}
