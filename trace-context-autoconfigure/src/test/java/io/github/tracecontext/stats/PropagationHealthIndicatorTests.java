package io.github.tracecontext.stats;

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
			.containsKey("linesWithoutTraceIdFrom");
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
