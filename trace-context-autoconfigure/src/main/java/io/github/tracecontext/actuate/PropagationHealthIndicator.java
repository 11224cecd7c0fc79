package io.github.tracecontext.actuate;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Propagation health for {@code /actuator/health} ({@code tracecontext}): the share of
 * log lines with a trace id over the recent window, against a threshold. Below it, the
 * status is the configured one: {@code UP} by default, because a service whose log lines
 * lose their trace id still serves its users and should not leave a load balancer for it
 * (set {@code trace-context.health.degraded-status} to {@code OUT_OF_SERVICE},
 * {@code DOWN} or a custom {@code DEGRADED} to act on it). The details always say whether
 * the threshold holds, with the figures, the main sources of lines without a trace id and
 * what to do about each kind of thread they came from. With too few lines in the window
 * to judge, the status is {@code UP} with {@code judged: false}.
 */
public class PropagationHealthIndicator extends AbstractHealthIndicator {

	private final PropagationWindow window;

	private final double minLogCoverage;

	private final long minLogLines;

	private final Status degradedStatus;

	/**
	 * Create the indicator.
	 * @param window the recent figures
	 * @param minLogCoverage the lowest acceptable share of lines with a trace id, in [0,
	 * 1]
	 * @param minLogLines the fewest lines in the window to judge by
	 * @param degradedStatus the status below the threshold
	 */
	public PropagationHealthIndicator(PropagationWindow window, double minLogCoverage, long minLogLines,
			Status degradedStatus) {
		super("trace-context health check failed");
		this.window = window;
		this.minLogCoverage = minLogCoverage;
		this.minLogLines = minLogLines;
		this.degradedStatus = degradedStatus;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		RecentFigures recent = this.window.recent();
		long lines = recent.counts().logLines();
		Double coverage = recent.logCoverage();
		boolean judged = lines >= this.minLogLines && coverage != null;
		boolean degraded = judged && coverage != null && coverage < this.minLogCoverage;
		builder.status(degraded ? this.degradedStatus : Status.UP);
		builder.withDetail("window", recent.span().toString());
		builder.withDetail("logLines", lines);
		builder.withDetail("logCoverage", (coverage != null) ? coverage : "n/a");
		builder.withDetail("minLogCoverage", this.minLogCoverage);
		builder.withDetail("judged", judged);
		builder.withDetail("degraded", degraded);
		if (!recent.logSourcesWithoutTraceId().isEmpty()) {
			builder.withDetail("linesWithoutTraceIdFrom", recent.logSourcesWithoutTraceId());
			builder.withDetail("advice", LogAdvice.sentences(recent.logSourcesWithoutTraceId()));
		}
		builder.withDetail("orphanCalls", recent.counts().orphan());
		builder.withDetail("handOffsWithoutContext", recent.counts().handOffsWithoutContext());
	}

}
