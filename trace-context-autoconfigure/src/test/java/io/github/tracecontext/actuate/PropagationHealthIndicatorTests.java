package io.github.tracecontext.actuate;

import io.github.tracecontext.logging.LogCoverage;
import io.github.tracecontext.logging.ThreadKind;
import io.github.tracecontext.stats.PropagationCounters;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PropagationHealthIndicator}.
 */
class PropagationHealthIndicatorTests {

	private final PropagationCounters counters = new PropagationCounters();

	private final LogCoverage logs = new LogCoverage();

	private final PropagationWindow window = new PropagationWindow(this.counters, this.logs, Duration.ofMinutes(5),
			Duration.ofSeconds(15), System::nanoTime);

	@Test
	void upWithoutJudgingWhileThereAreTooFewLines() {
		lines(5, 5);
		Health health = indicator(new Status("DEGRADED")).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("judged", false).containsEntry("degraded", false);
	}

	@Test
	void upAboveTheThreshold() {
		lines(95, 5);
		Health health = indicator(new Status("DEGRADED")).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("logCoverage", 0.95).containsEntry("degraded", false);
	}

	@Test
	void configuredStatusBelowTheThresholdNamingTheSource() {
		lines(80, 20);
		Health health = indicator(new Status("DEGRADED")).health(true);
		assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
		assertThat(health.getDetails()).containsEntry("logCoverage", 0.8)
			.containsEntry("degraded", true)
			.containsEntry("linesWithoutTraceIdFrom", java.util.Map.of("new Thread | com.example.Job", 20L))
			.containsEntry("advice", java.util.List.of("Most lines without a trace id came from new Thread |"
					+ " com.example.Job (20): " + LogAdvice.of(ThreadKind.BARE_THREAD)));
	}

	@Test
	void adviceFitsEachKindOfThread() {
		lines(80, 0);
		for (int i = 0; i < 15; i++) {
			this.logs.withoutTraceId("pool-3-thread-1", "com.example.Import");
		}
		for (int i = 0; i < 5; i++) {
			this.logs.withoutTraceId("scheduling-1", "com.example.Cleanup");
		}
		Health health = indicator(Status.UP).health(true);
		assertThat(health.getDetails().get("advice")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.containsExactly(
					"Most lines without a trace id came from executor made in code (Executors.new...) |"
							+ " com.example.Import (15): " + LogAdvice.of(ThreadKind.EXECUTOR_MADE_IN_CODE),
					"Lines without a trace id also came from Spring scheduler (scheduling-*) | com.example.Cleanup (5): "
							+ LogAdvice.of(ThreadKind.SPRING_SCHEDULER));
	}

	@Test
	void noAdviceWithoutLinesWithoutATraceId() {
		lines(100, 0);
		assertThat(indicator(Status.UP).health(true).getDetails()).doesNotContainKeys("advice",
				"linesWithoutTraceIdFrom");
	}

	@Test
	void staysUpBelowTheThresholdByDefaultButSaysSo() {
		lines(10, 90);
		Health health = indicator(Status.UP).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("degraded", true);
	}

	private PropagationHealthIndicator indicator(Status degraded) {
		return new PropagationHealthIndicator(this.window, 0.9, 100, degraded);
	}

	private void lines(int with, int without) {
		for (int i = 0; i < with; i++) {
			this.logs.withTraceId();
		}
		for (int i = 0; i < without; i++) {
			this.logs.withoutTraceId("Thread-1", "com.example.Job");
		}
	}

}
