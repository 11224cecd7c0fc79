package io.github.tracecontext.logging;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * A Logback turbo filter that never filters: it counts the application's log lines
 * (loggers under the expected packages, at an enabled level) with and without a trace id
 * in the MDC. Lines with an id cost one map lookup and no allocation. Lines without one
 * count as lost unless no trace could exist where they were logged: requests that have no
 * trace on purpose (excluded paths without caller context, see {@link UntracedByDesign})
 * and threads whose {@link ThreadKind} is untraced by design ({@code main}, a servlet
 * container's request thread outside the filter chain, such as the DispatcherServlet's
 * initialisation on the first request). Work handed to the common pool, a bare thread or
 * an executor made in code still counts: it is where a request's context gets lost.
 */
public final class TraceIdCoverageFilter extends TurboFilter {

	private final String traceIdKey;

	private final List<String> packages;

	private final LogCoverage coverage;

	/**
	 * Create a filter.
	 * @param traceIdKey the MDC key of the trace id
	 * @param packages logger name prefixes whose lines are expected to carry a trace id
	 * @param coverage where to count
	 */
	public TraceIdCoverageFilter(String traceIdKey, List<String> packages, LogCoverage coverage) {
		this.traceIdKey = traceIdKey;
		this.packages = List.copyOf(packages);
		this.coverage = coverage;
		setName("trace-context-coverage");
	}

	@Override
	public FilterReply decide(@Nullable Marker marker, Logger logger, Level level, @Nullable String format,
			Object @Nullable [] params, @Nullable Throwable t) {
		// isXxxEnabled() calls come through here too, with no format: they are no log
		// line.
		if (format != null && level.isGreaterOrEqual(logger.getEffectiveLevel()) && expected(logger.getName())) {
			if (MDC.get(this.traceIdKey) != null) {
				this.coverage.withTraceId();
			}
			else if (!UntracedByDesign.isActive()) {
				String thread = Thread.currentThread().getName();
				if (!ThreadKind.of(thread).isUntracedByDesign()) {
					this.coverage.withoutTraceId(thread, logger.getName());
				}
			}
		}
		return FilterReply.NEUTRAL;
	}

	private boolean expected(String loggerName) {
		for (String prefix : this.packages) {
			if (loggerName.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
