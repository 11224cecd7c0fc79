package io.github.tracecontext.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;

/**
 * The verdict on each target of the benchmarks issue that a JMH run measured, computed
 * from that run's own results only (ratios of figures from the same run, never a figure
 * remembered from elsewhere), each figure the median of its measurement iterations. A
 * target whose benchmarks were not in the run is skipped.
 * <ul>
 * <li>target 1 (JMH part): the starter's filter adds at most 0.5 µs per request to what
 * Spring's observation filter costs ({@link ServletFilterBenchmark});</li>
 * <li>target 2: the starter's hand-off costs at most 1.5× the raw executor per task, and
 * less than Spring's {@code ContextPropagatingTaskDecorator} on the same executor
 * ({@link AsyncHandOffBenchmark});</li>
 * <li>target 3: the starter's extraction of a valid header is no slower than
 * OpenTelemetry's, and validating allocates nothing ({@link HeaderCheckBenchmark}).</li>
 * </ul>
 */
final class Targets {

	// below this, gc.alloc.rate.norm is JMH's own measuring noise, not an allocation
	private static final double NO_ALLOCATION = 0.5;

	private final Map<String, double[]> figures;

	private Targets(Map<String, double[]> figures) {
		this.figures = figures;
	}

	static void print(Collection<RunResult> results) {
		Map<String, double[]> figures = new HashMap<>();
		for (RunResult result : results) {
			String benchmark = result.getParams().getBenchmark();
			String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
			String headers = result.getParams().getParam("headers");
			String key = (headers != null) ? name + "[" + headers + "]" : name;
			figures.put(key, new double[] { median(result), Benchmarks.allocated(result), spread(result) });
		}
		Targets targets = new Targets(figures);
		System.out.println();
		System.out.println("Targets (from this run's own results)");
		targets.target1();
		targets.target2();
		targets.target3();
	}

	private void target1() {
		double[] boot = get("ServletFilterBenchmark.bootObservationFilter");
		double[] starter = get("ServletFilterBenchmark.starterObservationFilter");
		if (boot == null || starter == null) {
			return;
		}
		double addedMicros = (starter[0] - boot[0]) / 1000;
		System.out.printf(Locale.ROOT,
				"target 1 (JMH): starter filter adds %.2f µs/request%s over Spring's observation filter"
						+ " (%.0f vs %.0f ns/op) (≤ 0.5 µs: %s)%n",
				addedMicros, bytes(starter[1] - boot[1]), starter[0], boot[0], holds(addedMicros <= 0.5));
	}

	// The round trip is mostly the worker's wake-up, which on a shared 2-core machine
	// varies
	// by tens of microseconds between iterations, far more than a hand-off costs: the
	// verdicts
	// rest on the hand-off measured without the thread switch (capture on the submitter,
	// run
	// on a clean worker), added to the raw executor's round trip; the measured round
	// trips
	// are printed beside them with their spread.
	private void target2() {
		double[] none = get("AsyncHandOffBenchmark.runNone");
		double[] captureStarter = get("AsyncHandOffBenchmark.captureStarter");
		double[] captureSpring = get("AsyncHandOffBenchmark.captureSpringDecorator");
		double[] runStarter = get("AsyncHandOffBenchmark.runStarter");
		double[] runSpring = get("AsyncHandOffBenchmark.runSpringDecorator");
		double[] raw = get("AsyncHandOffBenchmark.taskExecutorRaw");
		double[] starter = get("AsyncHandOffBenchmark.taskExecutorStarter");
		double[] spring = get("AsyncHandOffBenchmark.taskExecutorSpringDecorator");
		if (none != null && captureStarter != null && captureSpring != null && runStarter != null
				&& runSpring != null) {
			double starterNs = captureStarter[0] + runStarter[0] - none[0];
			double springNs = captureSpring[0] + runSpring[0] - none[0];
			System.out.printf(Locale.ROOT,
					"target 2: hand-off alone (capture on the submitter + run on a clean worker, without the"
							+ " thread switch): starter %.0f ns%s, ContextPropagatingTaskDecorator %.0f ns%s:"
							+ " starter/decorator %.2fx (< 1: %s)%n",
					starterNs, allocated(captureStarter[1] + runStarter[1]), springNs,
					allocated(captureSpring[1] + runSpring[1]), starterNs / springNs, holds(starterNs < springNs));
			if (raw != null) {
				double perTask = (raw[0] + starterNs) / raw[0];
				System.out.printf(Locale.ROOT,
						"target 2: starter hand-off per task = (raw round trip %.0f ns + hand-off %.0f ns) / raw"
								+ " = %.3fx raw (≤ 1.5x: %s)%n",
						raw[0], starterNs, perTask, holds(perTask <= 1.5));
			}
		}
		if (raw != null && starter != null && spring != null) {
			double toRaw = starter[0] / raw[0];
			System.out.printf(Locale.ROOT,
					"target 2: measured round trips on ThreadPoolTaskExecutor (median of iterations, spread"
							+ " max-min/median): raw %.0f ns (%.0f%%), starter %.0f ns (%.0f%%), decorator %.0f ns"
							+ " (%.0f%%): starter/raw %.2fx (≤ 1.5x: %s), starter/decorator %.2fx%n",
					raw[0], raw[2] * 100, starter[0], starter[2] * 100, spring[0], spring[2] * 100, toRaw,
					holds(toRaw <= 1.5), starter[0] / spring[0]);
		}
		double[] jdkRaw = get("AsyncHandOffBenchmark.jdkPoolRaw");
		double[] jdkStarter = get("AsyncHandOffBenchmark.jdkPoolStarter");
		double[] jdkContext = get("AsyncHandOffBenchmark.jdkPoolContextExecutorService");
		if (jdkRaw != null && jdkStarter != null && jdkContext != null) {
			System.out.printf(Locale.ROOT,
					"target 2: measured round trips on a JDK ThreadPoolExecutor: raw %.0f ns (%.0f%%), starter"
							+ " proxy %.0f ns (%.0f%%), ContextExecutorService %.0f ns (%.0f%%): starter/raw %.2fx,"
							+ " starter/ContextExecutorService %.2fx%n",
					jdkRaw[0], jdkRaw[2] * 100, jdkStarter[0], jdkStarter[2] * 100, jdkContext[0], jdkContext[2] * 100,
					jdkStarter[0] / jdkRaw[0], jdkStarter[0] / jdkContext[0]);
		}
	}

	private void target3() {
		double[] starter = get("HeaderCheckBenchmark.starterExtract[valid]");
		double[] otel = get("HeaderCheckBenchmark.otelW3cExtract[valid]");
		double[] valid = get("HeaderCheckBenchmark.starterTraceparentValidate[valid]");
		double[] invalid = get("HeaderCheckBenchmark.starterTraceparentValidate[invalid]");
		StringBuilder line = new StringBuilder();
		if (starter != null && otel != null) {
			double ratio = starter[0] / otel[0];
			line.append(
					String.format(Locale.ROOT, "valid extract starter/otel %.2fx (≤ 1: %s)", ratio, holds(ratio <= 1)));
		}
		if (valid != null && invalid != null) {
			if (Double.isNaN(valid[1]) || Double.isNaN(invalid[1])) {
				line.append((line.length() > 0) ? "; " : "").append("validation B/op unknown (run with -prof gc)");
			}
			else {
				line.append((line.length() > 0) ? "; " : "")
					.append(String.format(Locale.ROOT, "validation %.1f B/op valid, %.1f B/op invalid (0: %s)",
							valid[1], invalid[1], holds(valid[1] < NO_ALLOCATION && invalid[1] < NO_ALLOCATION)));
			}
		}
		if (line.length() > 0) {
			System.out.println("target 3: " + line);
		}
	}

	// The median of the measurement iterations (of all forks): one disturbed second on
	// this
	// shared machine moves a mean, not a median.
	private static double median(RunResult result) {
		double[] scores = scores(result);
		if (scores.length == 0) {
			return result.getPrimaryResult().getScore();
		}
		int middle = scores.length / 2;
		return (scores.length % 2 == 1) ? scores[middle] : (scores[middle - 1] + scores[middle]) / 2;
	}

	// (max - min) / median of the iterations: how far apart this machine let them be
	private static double spread(RunResult result) {
		double[] scores = scores(result);
		return (scores.length == 0) ? Double.NaN : (scores[scores.length - 1] - scores[0]) / median(result);
	}

	private static double[] scores(RunResult result) {
		List<Double> scores = new ArrayList<>();
		for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
			for (IterationResult iteration : benchmark.getIterationResults()) {
				scores.add(iteration.getPrimaryResult().getScore());
			}
		}
		return scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
	}

	private double @Nullable [] get(String name) {
		return this.figures.get(name);
	}

	private static String bytes(double bytes) {
		return Double.isNaN(bytes) ? "" : String.format(Locale.ROOT, " (%+.0f B/op)", bytes);
	}

	private static String allocated(double bytes) {
		return Double.isNaN(bytes) ? "" : String.format(Locale.ROOT, " (%.0f B/op)", bytes);
	}

	private static String holds(boolean holds) {
		return holds ? "HOLDS" : "DOES NOT HOLD";
	}

}
