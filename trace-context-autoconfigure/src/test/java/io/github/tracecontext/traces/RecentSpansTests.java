package io.github.tracecontext.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static io.github.tracecontext.traces.Spans.TRACE;
import static io.github.tracecontext.traces.Spans.id;
import static io.github.tracecontext.traces.Spans.span;
import static io.github.tracecontext.traces.Spans.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RecentSpans}.
 */
class RecentSpansTests {

	@Test
	void keepsSpansInTheOrderTheyFinished() {
		RecentSpans store = new RecentSpans(10, 1_000_000);
		store.add(span(id(2), null, 200));
		store.add(span(id(1), null, 100));
		assertThat(store.spans()).extracting(RecordedSpan::spanId).containsExactly(id(2), id(1));
	}

	@Test
	void countLimitDropsTheOldestFirst() {
		RecentSpans store = new RecentSpans(3, 1_000_000);
		for (int i = 0; i < 5; i++) {
			store.add(span(id(i), null, i));
		}
		assertThat(store.spans()).extracting(RecordedSpan::spanId).containsExactly(id(2), id(3), id(4));
		assertThat(store.recent().dropped()).isEqualTo(2);
		assertThat(store.recent().spans()).isEqualTo(3);
	}

	@Test
	void byteLimitDropsTheOldestFirst() {
		long size = span(id(0), null, 0).estimatedBytes();
		RecentSpans store = new RecentSpans(1000, size * 3 + size / 2);
		for (int i = 0; i < 5; i++) {
			store.add(span(id(i), null, i));
		}
		assertThat(store.spans()).extracting(RecordedSpan::spanId).containsExactly(id(2), id(3), id(4));
		RecentSpans.Recent recent = store.recent();
		assertThat(recent.bytes()).isEqualTo(size * 3).isLessThanOrEqualTo(recent.maxBytes());
		assertThat(recent.dropped()).isEqualTo(2);
	}

	@Test
	void largeSpanMakesRoomByDroppingSeveralSmallOnes() {
		long small = span(id(0), null, 0).estimatedBytes();
		RecordedSpan large = new RecordedSpan(TRACE, id(9), null, "svc", "x".repeat(200), "SERVER", 9, 1, false,
				Map.of("method", "GET", "uri", "/a/{b}"), List.of());
		RecentSpans store = new RecentSpans(1000, small * 3);
		for (int i = 0; i < 3; i++) {
			store.add(span(id(i), null, i));
		}
		store.add(large);
		assertThat(store.spans()).last().isSameAs(large);
		assertThat(store.recent().bytes()).isLessThanOrEqualTo(small * 3);
		assertThat(store.spans()).extracting(RecordedSpan::spanId).doesNotContain(id(0), id(1));
	}

	@Test
	void spanLargerThanTheByteLimitIsDroppedAndKeepsTheOthers() {
		RecentSpans store = new RecentSpans(10, 600);
		store.add(span(id(0), null, 0));
		store.add(new RecordedSpan(TRACE, id(1), null, "svc", "x".repeat(256), "SERVER", 1, 1, false, Map.of(),
				List.of()));
		assertThat(store.spans()).extracting(RecordedSpan::spanId).containsExactly(id(0));
		assertThat(store.recent().dropped()).isEqualTo(1);
	}

	@Test
	void limitsMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RecentSpans(0, 1000));
		assertThatIllegalArgumentException().isThrownBy(() -> new RecentSpans(10, 0));
	}

	@Test
	void recentListsTracesNewestFirstWithRootServicesAndTiming() {
		RecentSpans store = new RecentSpans(100, 1_000_000);
		String older = traceId(1);
		String newer = traceId(2);
		store.add(span(older, id(1), null, 1_000));
		store.add(new RecordedSpan(newer, id(3), id(2), "orders", "http get", "CLIENT", 2_050, 100, true, Map.of(),
				List.of()));
		store.add(new RecordedSpan(newer, id(4), id(3), "inventory", "http get /stock", "SERVER", 2_060, 80, false,
				Map.of(), List.of()));
		store.add(new RecordedSpan(newer, id(2), "00f067aa0ba902b7", "orders", "http get /order", "SERVER", 2_000, 300,
				false, Map.of(), List.of()));
		List<TraceSummary> traces = store.recent().traces();
		assertThat(traces).extracting(TraceSummary::traceId).containsExactly(newer, older);
		TraceSummary summary = traces.get(0);
		assertThat(summary.rootName()).isEqualTo("http get /order");
		assertThat(summary.rootService()).isEqualTo("orders");
		assertThat(summary.spanCount()).isEqualTo(3);
		assertThat(summary.services()).containsExactly("orders", "inventory");
		assertThat(summary.start()).isEqualTo("1970-01-01T00:00:00.002000Z");
		assertThat(summary.durationMicros()).isEqualTo(300);
		assertThat(summary.error()).isTrue();
		assertThat(traces.get(1).error()).isFalse();
	}

	@Test
	void traceOfAnUnknownIdIsNull() {
		RecentSpans store = new RecentSpans(10, 1_000_000);
		store.add(span(id(1), null, 1));
		assertThat(store.trace(traceId(42))).isNull();
		assertThat(store.trace(TRACE.toUpperCase())).isNotNull();
	}

	@Test
	void manyThreadsAddingAndReadingStayWithinTheLimits() throws Exception {
		int threads = 8;
		int perThread = 5_000;
		RecentSpans store = new RecentSpans(500, 200_000);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		try {
			for (int t = 0; t < threads; t++) {
				int thread = t;
				done.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < perThread; i++) {
						store.add(span(traceId(thread * 10 + i % 10), id(thread * perThread + i), null, i));
						if (i % 500 == 0) {
							RecentSpans.Recent recent = store.recent();
							assertThat(recent.spans()).isLessThanOrEqualTo(500);
							assertThat(recent.bytes()).isLessThanOrEqualTo(200_000);
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		RecentSpans.Recent recent = store.recent();
		assertThat(recent.spans()).isEqualTo(store.spans().size()).isLessThanOrEqualTo(500);
		assertThat(recent.bytes()).isLessThanOrEqualTo(200_000)
			.isEqualTo(store.spans().stream().mapToLong(RecordedSpan::estimatedBytes).sum());
		assertThat(recent.dropped() + recent.spans()).isEqualTo((long) threads * perThread);
	}

}
