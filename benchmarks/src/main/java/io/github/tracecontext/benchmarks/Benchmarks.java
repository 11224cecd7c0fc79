package io.github.tracecontext.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The main class of {@code benchmarks.jar}.
 * <ul>
 * <li>{@code webflux [options]} (and {@code server A|B}, its child JVMs):
 * {@link WebFluxThroughput};</li>
 * <li>{@code jmh [JMH options]}: JMH with the remaining arguments, as
 * {@code org.openjdk.jmh.Main} takes them (for example
 * {@code jmh HeaderCheckBenchmark -prof gc}); after the run, a summary of
 * {@link HeaderCheckBenchmark}: ns/op and B/op per benchmark and parameter, and the
 * starter/OpenTelemetry ratios; then the verdict on each of the targets that the
 * run measured ({@link Targets}).</li>
 * </ul>
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length >= 1 && args[0].equals("jmh")) {
			jmh(Arrays.copyOfRange(args, 1, args.length));
		}
		else if (args.length >= 1 && (args[0].equals("webflux") || args[0].equals("server"))) {
			WebFluxThroughput.main(args);
		}
		else {
			System.err.println("usage: webflux [--rounds=6] [--warmup=10000] [--requests=20000] [--windows=5]"
					+ " [--concurrency=16] [--max-seconds=280]");
			System.err.println("   or: jmh [JMH options, e.g. HeaderCheckBenchmark -prof gc; -h for JMH's help]");
			System.exit(2);
		}
	}

	static void jmh(String[] args) throws Exception {
		CommandLineOptions options = new CommandLineOptions(args);
		if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
				|| options.shouldListProfilers() || options.shouldListResultFormats()) {
			org.openjdk.jmh.Main.main(args);
			return;
		}
		Collection<RunResult> results = new Runner(options).run();
		summarize(results);
		Targets.print(results);
	}

	static void summarize(Collection<RunResult> results) {
		// benchmark -> param -> [score, B/op]
		Map<String, Map<String, double[]>> figures = new LinkedHashMap<>();
		String unit = "";
		for (RunResult result : results) {
			String benchmark = result.getParams().getBenchmark();
			if (!benchmark.startsWith(HeaderCheckBenchmark.class.getName() + ".")) {
				continue;
			}
			String name = benchmark.substring(benchmark.lastIndexOf('.') + 1);
			String param = String.valueOf(result.getParams().getParam("headers"));
			Result<?> primary = result.getPrimaryResult();
			unit = primary.getScoreUnit();
			figures.computeIfAbsent(name, (key) -> new LinkedHashMap<>())
				.put(param, new double[] { primary.getScore(), allocated(result) });
		}
		if (figures.isEmpty()) {
			return;
		}
		System.out.println();
		System.out.println("HeaderCheckBenchmark summary (" + unit + "; B/op from -prof gc, '-' without it)");
		System.out.printf(Locale.ROOT, "%-26s %-8s %12s %10s%n", "benchmark", "headers", unit, "B/op");
		for (Map.Entry<String, Map<String, double[]>> benchmark : figures.entrySet()) {
			for (Map.Entry<String, double[]> param : benchmark.getValue().entrySet()) {
				double[] value = param.getValue();
				System.out.printf(Locale.ROOT, "%-26s %-8s %12.1f %10s%n", benchmark.getKey(), param.getKey(), value[0],
						Double.isNaN(value[1]) ? "-" : String.format(Locale.ROOT, "%.1f", value[1]));
			}
		}
		for (String param : List.of("valid", "invalid")) {
			ratio(figures, "starterExtract", "otelW3cExtract", param, "ratio starter/otel extract");
			ratio(figures, "starterInjectW3cDelegate", "otelInject", param, "ratio starter(W3C delegate)/otel inject");
			for (String check : List.of("starterTraceparentCheck", "starterTraceparentValidate")) {
				double[] value = value(figures, check, param);
				if (value != null && !Double.isNaN(value[1])) {
					System.out.printf(Locale.ROOT, "%s (%s): gc.alloc.rate.norm = %.1f B/op%n", check, param, value[1]);
				}
			}
		}
	}

	private static void ratio(Map<String, Map<String, double[]>> figures, String starter, String otel, String param,
			String label) {
		double[] s = value(figures, starter, param);
		double[] o = value(figures, otel, param);
		if (s != null && o != null) {
			System.out.printf(Locale.ROOT, "%s (%s) = %.2f%n", label, param, s[0] / o[0]);
		}
	}

	private static double @Nullable [] value(Map<String, Map<String, double[]>> figures, String benchmark,
			String param) {
		Map<String, double[]> byParam = figures.get(benchmark);
		return (byParam != null) ? byParam.get(param) : null;
	}

	/**
	 * gc.alloc.rate.norm (the label has had a leading '·' in older JMH versions), or NaN.
	 */
	static double allocated(RunResult result) {
		List<String> labels = new ArrayList<>(result.getSecondaryResults().keySet());
		for (String label : labels) {
			if (label.endsWith("gc.alloc.rate.norm")) {
				return result.getSecondaryResults().get(label).getScore();
			}
		}
		return Double.NaN;
	}

}
