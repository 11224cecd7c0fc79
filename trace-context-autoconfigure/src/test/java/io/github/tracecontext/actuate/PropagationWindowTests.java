package io.github.tracecontext.actuate;

import io.github.tracecontext.logging.LogCoverage;
import io.github.tracecontext.stats.PropagationCounters;

import io.github.tracecontext.propagation.RequestOutcome;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.tracecontext.w3c.IncomingTraceparent.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PropagationWindow}.
 */
class PropagationWindowTests {

	private static final long SECOND = 1_000_000_000L;

	private final AtomicLong clock = new AtomicLong(1_000 * SECOND);

	private final PropagationCounters counters = new PropagationCounters();

	private final LogCoverage logs = new LogCoverage();

	private final PropagationWindow window = new PropagationWindow(this.counters, this.logs, Duration.ofMinutes(5),
			Duration.ofSeconds(15), this.clock::get);

	@Test
	void countsSinceStartWhileYoungerThanTheWindow() {
		advance(60);
		this.counters.request(RequestOutcome.CONTINUED, Outcome.ACCEPTED);
		this.counters.request(RequestOutcome.CONTINUED, Outcome.ACCEPTED);
		this.counters.request(RequestOutcome.STARTED, Outcome.ABSENT);
		this.counters.request(RequestOutcome.REJECTED, Outcome.UPPERCASE_HEX);
		this.counters.outgoing(true);
		this.counters.outgoing(false);
		RecentFigures recent = this.window.recent();
		assertThat(recent.span()).isEqualTo(Duration.ofSeconds(60));
		assertThat(recent.counts().requests()).isEqualTo(4);
		assertThat(recent.continuedShare()).isEqualTo(0.5);
		assertThat(recent.rejectedShare()).isEqualTo(0.25);
		assertThat(recent.propagatedShare()).isEqualTo(0.5);
		assertThat(recent.counts().orphan()).isEqualTo(1);
		assertThat(recent.perSecond(recent.counts().requests())).isEqualTo(0.067);
	}

	@Test
	void forgetsWhatHappenedBeforeTheWindow() {
		for (int i = 0; i < 100; i++) {
			this.logs.withoutTraceId("pool-1-thread-1", "com.example.Old");
		}
		// ten minutes of ticks, then new lines
		for (int i = 0; i < 40; i++) {
			advance(15);
			this.window.tick();
		}
		for (int i = 0; i < 987; i++) {
			this.logs.withTraceId();
		}
		for (int i = 0; i < 13; i++) {
			this.logs.withoutTraceId("Thread-7", "com.example.ReportJob");
		}
		RecentFigures recent = this.window.recent();
		assertThat(recent.span()).isLessThanOrEqualTo(Duration.ofMinutes(5)).isGreaterThan(Duration.ofMinutes(4));
		assertThat(recent.counts().logLines()).isEqualTo(1000);
		assertThat(recent.logCoverage()).isEqualTo(0.987);
		assertThat(recent.logSourcesWithoutTraceId()).containsOnlyKeys("new Thread | com.example.ReportJob");
		assertThat(RecentSummary.of(recent)).contains("98.7% of log lines carried a trace id in the last 5 minutes.")
			.contains("Most lines without a trace id came from new Thread | com.example.ReportJob (13): give new"
					+ " Thread(...) a TracedTasks.runnable(...) made on the thread that has the context (CompletableFuture's"
					+ " *Async methods start such threads too when the common pool has a parallelism of one: pass them"
					+ " an executor bean).");
	}

	@Test
	void ringStaysBounded() {
		for (int i = 0; i < 10_000; i++) {
			advance(1);
			this.window.tick();
		}
		assertThat(this.window).extracting("ring")
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.COLLECTION)
			.hasSizeLessThanOrEqualTo(22);
	}

	@Test
	void sharesAreNullWithNothingCountedAndNoSummary() {
		RecentFigures recent = this.window.recent();
		assertThat(recent.logCoverage()).isNull();
		assertThat(recent.propagatedShare()).isNull();
		assertThat(recent.continuedShare()).isNull();
		assertThat(RecentSummary.of(recent)).isEmpty();
	}

	@Test
	void restartedRequestsAreNotCountedAsContinued() {
		this.counters.request(RequestOutcome.RESTARTED_BY_POLICY, Outcome.ACCEPTED);
		this.counters.request(RequestOutcome.CONTINUED, Outcome.ACCEPTED);
		RecentFigures.Counts counts = this.window.recent().counts();
		assertThat(counts.continued()).isEqualTo(1);
		assertThat(counts.restartedByPolicy()).isEqualTo(1);
		assertThat(counts.requests()).isEqualTo(2);
	}

	@Test
	void ticksOnItsOwnThreadUntilClosed() throws Exception {
		PropagationWindow ticking = new PropagationWindow(this.counters, this.logs, Duration.ofMinutes(5),
				Duration.ofMillis(10), System::nanoTime);
		ticking.start(Duration.ofMillis(10));
		try {
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> Thread.getAllStackTraces()
					.keySet()
					.stream()
					.anyMatch((thread) -> thread.getName().equals("tracecontext-window") && thread.isDaemon()));
		}
		finally {
			ticking.close();
		}
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((thread) -> thread.getName().equals("tracecontext-window")));
	}

	private void advance(long seconds) {
		this.clock.addAndGet(seconds * SECOND);
	}

}
