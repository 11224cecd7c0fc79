package io.github.tracecontext.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The endpoint's plain sentences about what stands out in the recent figures, for people
 * reading it.
 */
final class RecentSummary {

	private RecentSummary() {
	}

	/**
	 * Plain sentences about what stands out, for people reading the endpoint.
	 * @param figures the recent figures
	 * @return the sentences, empty when there is nothing to say
	 */
	static List<String> of(RecentFigures figures) {
		String minutes = describe(figures.span());
		List<String> lines = new ArrayList<>();
		Double coverage = figures.logCoverage();
		if (coverage != null) {
			lines.add(percent(coverage) + " of log lines carried a trace id in the last " + minutes + ".");
			lines.addAll(LogAdvice.sentences(figures.logSourcesWithoutTraceId()));
		}
		if (figures.counts().orphan() > 0) {
			lines.add(figures.counts().orphan() + " outgoing call(s) left with no current trace in the last " + minutes
					+ " (made outside any request or task that carried one).");
		}
		if (figures.counts().handOffsWithoutContext() > 0) {
			lines.add(figures.counts().handOffsWithoutContext() + " task(s) were handed to an executor from a thread"
					+ " with no trace in the last " + minutes + ".");
		}
		if (figures.counts().rejected() > 0) {
			lines.add(figures.counts().rejected() + " incoming request(s) had an invalid traceparent and started a new"
					+ " trace (see counters.incoming.rejectedByReason).");
		}
		return lines;
	}

	private static String percent(double share) {
		return String.format(Locale.ROOT, "%.1f%%", share * 100);
	}

	private static String describe(Duration span) {
		long seconds = Math.max(1, Math.round(span.toNanos() / 1e9));
		return (seconds >= 120) ? (seconds / 60) + " minutes" : seconds + " seconds";
	}

}
