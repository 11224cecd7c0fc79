package io.github.tracecontext.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Turns the raw figures of a load run ({@code results.tsv}, one line per round,
 * configuration and endpoint, as written by run.sh) into the markdown tables of the
 * README: per configuration and endpoint the median (min–max) over rounds of server CPU
 * µs/request, requests/s, p50 and p99; the ratios between configurations, each taken
 * within one round and then summarised as median (min–max) over rounds; and whether the
 * targets hold.
 *
 * <p>
 * Run:
 * {@code java -cp benchmarks-load-app.jar io.github.tracecontext.benchmarks.load.Report results.tsv}.
 */
public final class Report {

	/** Configurations in the order of the tables. */
	private static final List<String> CONFIGS = List.of("none", "boot", "starter", "agent");

	/** Letters run.sh and the README use for the configurations. */
	private static final Map<String, String> LETTER = Map.of("none", "A", "boot", "B", "starter", "C", "agent", "D");

	/** Paired ratios: numerator, denominator. */
	private static final String[][] RATIOS = { { "boot", "none" }, { "starter", "none" }, { "agent", "none" },
			{ "starter", "boot" }, { "starter", "agent" } };

	/** Target 1 of issue 7: Boot + starter within the noise of Boot alone. */
	private static final double STARTER_VS_BOOT_LIMIT = 1.05;

	private static final int MIN_ROUNDS = 5;

	private Report() {
	}

	/** One measured window. */
	record Row(int round, String config, String endpoint, long requests, double cpuUsPerRequest,
			double requestsPerSecond, double p50Ms, double p99Ms, long errors, double otherCpuPercent) {
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 1) {
			System.err.println("usage: Report results.tsv");
			System.exit(2);
		}
		List<Row> rows = read(Path.of(args[0]));
		if (rows.isEmpty()) {
			System.err.println("no measured rows in " + args[0]);
			System.exit(1);
		}
		print(rows, System.out);
	}

	static List<Row> read(Path file) throws IOException {
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		List<Row> rows = new ArrayList<>();
		String[] header = null;
		for (String line : lines) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			String[] cells = line.split("\t", -1);
			if (header == null) {
				header = cells;
				continue;
			}
			Map<String, String> row = new LinkedHashMap<>();
			for (int i = 0; i < header.length && i < cells.length; i++) {
				row.put(header[i], cells[i]);
			}
			if (!"measure".equals(row.get("phase"))) {
				continue;
			}
			rows.add(new Row(Integer.parseInt(row.get("round")), row.get("config"), row.get("endpoint"),
					Long.parseLong(row.get("requests")), Double.parseDouble(row.get("cpu_us_per_req")),
					Double.parseDouble(row.get("req_per_s")), Double.parseDouble(row.get("p50_ms")),
					Double.parseDouble(row.get("p99_ms")), Long.parseLong(row.get("errors")),
					Double.parseDouble(row.get("other_cpu1_pct"))));
		}
		return rows;
	}

	static void print(List<Row> rows, PrintStream out) {
		Set<String> endpoints = new LinkedHashSet<>();
		Set<Integer> rounds = new TreeSet<>();
		for (Row row : rows) {
			endpoints.add(row.endpoint());
			rounds.add(row.round());
		}
		long errors = rows.stream().mapToLong(Row::errors).sum();

		out.println("### Per configuration: median (min–max) over " + rounds.size() + " rounds");
		out.println();
		out.println("| endpoint | config | CPU µs/request | requests/s | p50 ms | p99 ms |");
		out.println("|---|---|---:|---:|---:|---:|");
		for (String endpoint : endpoints) {
			for (String config : CONFIGS) {
				List<Row> cell = select(rows, config, endpoint);
				if (cell.isEmpty()) {
					continue;
				}
				out.printf(Locale.ROOT, "| %s | %s %s | %s | %s | %s | %s |%n", endpoint, LETTER.get(config), config,
						summary(cell, Row::cpuUsPerRequest, "%.1f"), summary(cell, Row::requestsPerSecond, "%.0f"),
						summary(cell, Row::p50Ms, "%.2f"), summary(cell, Row::p99Ms, "%.2f"));
			}
		}
		out.println();

		out.println("### CPU µs/request ratios, paired within each round: median (min–max)");
		out.println();
		StringBuilder head = new StringBuilder("| endpoint |");
		StringBuilder rule = new StringBuilder("|---|");
		for (String[] ratio : RATIOS) {
			head.append(' ').append(LETTER.get(ratio[0])).append('/').append(LETTER.get(ratio[1])).append(" |");
			rule.append("---:|");
		}
		out.println(head);
		out.println(rule);
		Map<String, double[]> starterVsBoot = new LinkedHashMap<>();
		Map<String, double[]> starterVsAgent = new LinkedHashMap<>();
		for (String endpoint : endpoints) {
			StringBuilder line = new StringBuilder("| " + endpoint + " |");
			for (String[] ratio : RATIOS) {
				double[] values = pairedRatios(rows, endpoint, ratio[0], ratio[1], rounds);
				line.append(' ').append(summary(values, "%.3f")).append(" |");
				if (ratio[0].equals("starter") && ratio[1].equals("boot")) {
					starterVsBoot.put(endpoint, values);
				}
				if (ratio[0].equals("starter") && ratio[1].equals("agent")) {
					starterVsAgent.put(endpoint, values);
				}
			}
			out.println(line);
		}
		out.println();

		out.println("### Per round: CPU µs/request (other CPU on the server's core, % of that core)");
		out.println();
		out.println("| round | endpoint | A none | B boot | C starter | D agent |");
		out.println("|---:|---|---:|---:|---:|---:|");
		for (int round : rounds) {
			for (String endpoint : endpoints) {
				StringBuilder line = new StringBuilder("| " + round + " | " + endpoint + " |");
				for (String config : CONFIGS) {
					Row row = find(rows, round, config, endpoint);
					line.append(' ')
						.append((row != null) ? String.format(Locale.ROOT, "%.1f (%.0f%%)", row.cpuUsPerRequest(),
								row.otherCpuPercent()) : "–")
						.append(" |");
				}
				out.println(line);
			}
		}
		out.println();

		out.println("### Targets");
		out.println();
		boolean enoughRounds = rounds.size() >= MIN_ROUNDS;
		for (Map.Entry<String, double[]> entry : starterVsBoot.entrySet()) {
			double median = median(entry.getValue());
			if (Double.isNaN(median)) {
				out.printf(Locale.ROOT, "- %s: C/B not measured (run both 'boot' and 'starter')%n", entry.getKey());
				continue;
			}
			boolean holds = !Double.isNaN(median) && median <= STARTER_VS_BOOT_LIMIT;
			out.printf(Locale.ROOT,
					"- %s: Boot + starter within the noise of Boot alone (paired ratio C/B median <= %.2f over >= %d rounds): %s (C/B median %.3f over %d rounds)%n",
					entry.getKey(), STARTER_VS_BOOT_LIMIT, MIN_ROUNDS, verdict(holds, enoughRounds), median,
					entry.getValue().length);
		}
		for (Map.Entry<String, double[]> entry : starterVsAgent.entrySet()) {
			double median = median(entry.getValue());
			if (Double.isNaN(median)) {
				out.printf(Locale.ROOT, "- %s (stretch): C/D not measured (run both 'starter' and 'agent')%n",
						entry.getKey());
				continue;
			}
			boolean holds = !Double.isNaN(median) && median <= 1.0;
			out.printf(Locale.ROOT,
					"- %s (stretch): C CPU/request <= D (agent), paired ratio C/D median <= 1.00: %s (C/D median %.3f)%n",
					entry.getKey(), verdict(holds, enoughRounds), median);
		}
		out.println();
		out.println("Failed or non-2xx requests in measured windows: " + errors + ".");
	}

	private static String verdict(boolean holds, boolean enoughRounds) {
		if (!enoughRounds) {
			return "NOT DECIDED (fewer than " + MIN_ROUNDS + " rounds; " + (holds ? "holds" : "does not hold")
					+ " so far)";
		}
		return holds ? "HOLDS" : "DOES NOT HOLD";
	}

	private static List<Row> select(List<Row> rows, String config, String endpoint) {
		return rows.stream().filter((row) -> row.config().equals(config) && row.endpoint().equals(endpoint)).toList();
	}

	private static Row find(List<Row> rows, int round, String config, String endpoint) {
		return rows.stream()
			.filter((row) -> row.round() == round && row.config().equals(config) && row.endpoint().equals(endpoint))
			.findFirst()
			.orElse(null);
	}

	private static double[] pairedRatios(List<Row> rows, String endpoint, String numerator, String denominator,
			Set<Integer> rounds) {
		List<Double> ratios = new ArrayList<>();
		for (int round : rounds) {
			Row top = find(rows, round, numerator, endpoint);
			Row bottom = find(rows, round, denominator, endpoint);
			if (top != null && bottom != null && bottom.cpuUsPerRequest() > 0) {
				ratios.add(top.cpuUsPerRequest() / bottom.cpuUsPerRequest());
			}
		}
		return ratios.stream().mapToDouble(Double::doubleValue).toArray();
	}

	private static String summary(List<Row> rows, ToDoubleFunction<Row> value, String format) {
		return summary(rows.stream().mapToDouble(value).toArray(), format);
	}

	private static String summary(double[] values, String format) {
		if (values.length == 0) {
			return "–";
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")", median(sorted), sorted[0],
				sorted[sorted.length - 1]);
	}

	static double median(double[] values) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
