package io.github.tracecontext.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static io.github.tracecontext.traces.Spans.TRACE;
import static io.github.tracecontext.traces.Spans.id;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RecordedSpan}.
 */
class RecordedSpanTests {

	@Test
	void cutsLongTexts() {
		RecordedSpan span = new RecordedSpan(TRACE, id(1), null, "s".repeat(1000), "n".repeat(1000), "SERVER", 0, 0,
				false, Map.of("k".repeat(300), "v".repeat(5000)), List.of());
		assertThat(span.service()).hasSize(RecordedSpan.MAX_TEXT_LENGTH);
		assertThat(span.name()).hasSize(RecordedSpan.MAX_TEXT_LENGTH);
		assertThat(span.attributes()).hasSize(1);
		assertThat(span.attributes().entrySet()).singleElement().satisfies((entry) -> {
			assertThat(entry.getKey()).hasSize(RecordedSpan.MAX_TEXT_LENGTH);
			assertThat(entry.getValue()).hasSize(RecordedSpan.MAX_TEXT_LENGTH);
		});
	}

	@Test
	void keepsABoundedNumberOfAttributesAndLinksSortedByKey() {
		Map<String, String> attributes = new TreeMap<>();
		for (int i = 0; i < 40; i++) {
			attributes.put(String.format("key%02d", 39 - i), "v");
		}
		List<RecordedSpan.Link> links = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			links.add(new RecordedSpan.Link(TRACE, id(i)));
		}
		RecordedSpan span = new RecordedSpan(TRACE, id(1), null, "svc", "op", "SERVER", 0, 0, false, attributes, links);
		assertThat(span.attributes()).hasSize(RecordedSpan.MAX_ATTRIBUTES).containsKeys("key00", "key15");
		assertThat(new ArrayList<>(span.attributes().keySet())).isSorted();
		assertThat(span.links()).hasSize(RecordedSpan.MAX_LINKS).first().isEqualTo(links.get(0));
	}

	@Test
	void sizeOfTheLargestSpanIsBounded() {
		Map<String, String> attributes = new TreeMap<>();
		for (int i = 0; i < 100; i++) {
			attributes.put(i + "k".repeat(500), "v".repeat(500));
		}
		List<RecordedSpan.Link> links = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			links.add(new RecordedSpan.Link(TRACE, id(i)));
		}
		RecordedSpan span = new RecordedSpan(TRACE, id(1), id(2), "s".repeat(1000), "n".repeat(1000), "SERVER", 0, 0,
				false, attributes, links);
		assertThat(span.estimatedBytes()).isBetween(10_000L, 14_000L);
	}

	@Test
	void estimateGrowsWithContent() {
		RecordedSpan bare = Spans.span(id(1), null, 0);
		RecordedSpan richer = new RecordedSpan(TRACE, id(1), null, "svc", "op " + id(1), "INTERNAL", 0, 10, false,
				Map.of("method", "GET"), List.of(new RecordedSpan.Link(TRACE, id(2))));
		assertThat(bare.estimatedBytes()).isBetween(300L, 700L);
		assertThat(richer.estimatedBytes()).isGreaterThan(bare.estimatedBytes() + 100);
	}

}
