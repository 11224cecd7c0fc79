package io.github.tracecontext.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.github.tracecontext.traces.Spans.TRACE;
import static io.github.tracecontext.traces.Spans.id;
import static io.github.tracecontext.traces.Spans.span;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceTree}.
 */
class TraceTreeTests {

	@Test
	void nestsEachSpanUnderItsParentWithChildrenByStart() {
		// finished in the order spans end: children before their parent
		List<RecordedSpan> spans = List.of(span(id(3), id(1), 30), span(id(2), id(1), 20), span(id(4), id(2), 25),
				span(id(1), null, 10));
		TraceTree tree = TraceTree.of(TRACE, spans);
		assertThat(tree.spanCount()).isEqualTo(4);
		assertThat(tree.spans()).singleElement().satisfies((root) -> {
			assertThat(root.spanId()).isEqualTo(id(1));
			assertThat(root.parentSpanId()).isNull();
			assertThat(root.parentMissing()).isFalse();
			assertThat(root.offsetMicros()).isZero();
			assertThat(root.children()).extracting(SpanNode::spanId).containsExactly(id(2), id(3));
			SpanNode second = root.children().get(0);
			assertThat(second.parentSpanId()).isEqualTo(id(1));
			assertThat(second.offsetMicros()).isEqualTo(10);
			assertThat(second.children()).extracting(SpanNode::spanId).containsExactly(id(4));
			assertThat(root.children().get(1).children()).isEmpty();
		});
	}

	@Test
	void spansWhoseParentIsNotKeptAreRootsFlaggedParentMissing() {
		String remoteCaller = "00f067aa0ba902b7";
		List<RecordedSpan> spans = List.of(span(id(1), remoteCaller, 10), span(id(2), id(1), 20),
				span(id(5), id(4), 5));
		TraceTree tree = TraceTree.of(TRACE, spans);
		assertThat(tree.spans()).extracting(SpanNode::spanId).containsExactly(id(5), id(1));
		assertThat(tree.spans()).allSatisfy((root) -> assertThat(root.parentMissing()).isTrue());
		assertThat(tree.spans().get(1).parentSpanId()).isEqualTo(remoteCaller);
		assertThat(tree.spans().get(1).children()).singleElement()
			.satisfies((child) -> assertThat(child.parentMissing()).isFalse());
	}

	@Test
	void keepsLinksAttributesKindAndTiming() {
		RecordedSpan.Link link = new RecordedSpan.Link("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");
		RecordedSpan server = new RecordedSpan(TRACE, id(1), null, "orders", "http get /order/{item}", "SERVER",
				1_700_000_000_123_456L, 4_200, true, Map.of("method", "GET", "status", "500"), List.of(link));
		TraceTree tree = TraceTree.of(TRACE, List.of(server));
		assertThat(tree.error()).isTrue();
		assertThat(tree.services()).containsExactly("orders");
		assertThat(tree.spans()).singleElement().satisfies((node) -> {
			assertThat(node.links()).containsExactly(link);
			assertThat(node.attributes()).containsExactly(Map.entry("method", "GET"), Map.entry("status", "500"));
			assertThat(node.kind()).isEqualTo("SERVER");
			assertThat(node.service()).isEqualTo("orders");
			assertThat(node.start()).isEqualTo("2023-11-14T22:13:20.123456Z");
			assertThat(node.durationMicros()).isEqualTo(4_200);
			assertThat(node.error()).isTrue();
		});
	}

	@Test
	void parentCycleFromReusedIdsStillListsEverySpanOnce() {
		List<RecordedSpan> spans = List.of(span(id(1), id(2), 10), span(id(2), id(1), 20), span(id(3), id(3), 30));
		TraceTree tree = TraceTree.of(TRACE, spans);
		assertThat(count(tree.spans())).isEqualTo(3);
		assertThat(tree.spans()).extracting(SpanNode::spanId).contains(id(1), id(3));
	}

	@Test
	void veryDeepChainsAreCutIntoSeveralRoots() {
		List<RecordedSpan> spans = new ArrayList<>();
		spans.add(span(id(0), null, 0));
		for (int i = 1; i < 200; i++) {
			spans.add(span(id(i), id(i - 1), i));
		}
		TraceTree tree = TraceTree.of(TRACE, spans);
		assertThat(count(tree.spans())).isEqualTo(200);
		assertThat(tree.spans()).hasSize(4);
		assertThat(tree.spans().get(1).spanId()).isEqualTo(id(TraceTree.MAX_DEPTH));
		assertThat(tree.spans().get(1).parentMissing()).isFalse();
		assertThat(depth(tree.spans().get(0))).isEqualTo(TraceTree.MAX_DEPTH);
	}

	private static int count(List<SpanNode> nodes) {
		return nodes.stream().mapToInt((node) -> 1 + count(node.children())).sum();
	}

	private static int depth(SpanNode node) {
		return 1 + node.children().stream().mapToInt(TraceTreeTests::depth).max().orElse(0);
	}

}
