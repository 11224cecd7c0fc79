package io.github.tracecontext.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpResources;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A bounded load run: the throughput of a trivial WebFlux endpoint ({@code GET /hello},
 * which logs one line) with Spring Boot's tracing alone (A) and with the starter (B).
 * <p>
 * {@code webflux [--rounds=6] [--warmup=10000] [--requests=20000] [--windows=5]
 * [--concurrency=16] [--max-seconds=280]} drives the runs from this JVM; every run starts
 * the service in a child JVM of its own ({@code server A|B}, same class path), because
 * {@code Hooks.enableAutomaticContextPropagation()}, which configuration B switches on,
 * is global to a JVM and cannot be undone. Only one child runs at a time. Rounds
 * alternate the order (A B, B A, ...). Each run: one check request, a warm-up, then a
 * fixed number of requests at a fixed number in flight over keep-alive connections, in
 * equal windows; requests/s (the median window's) and latency (all windows) are measured
 * here, in the driver.
 * <p>
 * Everything is bounded: the number of rounds and requests, a total time budget (no round
 * starts that would not end within it), a time limit on every phase, and a child that
 * stops when the driver closes its standard input, or by itself after 5 minutes.
 */
public final class WebFluxThroughput {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

	static final String PORT_LINE = "BENCH-PORT ";

	static final Duration SERVER_MAX_LIFETIME = Duration.ofMinutes(5);

	static final List<String> CHILD_JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m");

	static final List<String> COMMON_PROPERTIES = List.of("--server.port=0", "--server.address=127.0.0.1",
			"--management.tracing.sampling.probability=1.0", "--spring.main.banner-mode=off",
			"--logging.level.root=WARN");

	enum Config {

		A("Boot's tracing alone: trace-context.enabled=false, spring.reactor.context-propagation=limited",
				List.of("--trace-context.enabled=false", "--spring.reactor.context-propagation=limited")),

		B("the starter, defaults (so spring.reactor.context-propagation=auto)", List.of());

		final String description;

		final List<String> properties;

		Config(String description, List<String> properties) {
			this.description = description;
			this.properties = properties;
		}

	}

	private WebFluxThroughput() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 2 && args[0].equals("server")) {
			serve(Config.valueOf(args[1]));
		}
		else if (args.length >= 1 && args[0].equals("webflux")) {
			System.exit(drive(Options.parse(Arrays.asList(args).subList(1, args.length))));
		}
		else {
			System.err.println(
					"usage: webflux [--rounds=6] [--warmup=10000] [--requests=20000] [--windows=5] [--concurrency=16]"
							+ " [--max-seconds=280]");
			System.exit(2);
		}
	}

	// ---- child: the service ----

	static void serve(Config config) throws IOException {
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(SERVER_MAX_LIFETIME.toMillis());
				System.err.println("server: no stop from the driver within " + SERVER_MAX_LIFETIME + ", exiting");
				Runtime.getRuntime().halt(3);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "server-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		List<String> properties = new ArrayList<>(COMMON_PROPERTIES);
		properties.addAll(config.properties);
		ConfigurableApplicationContext context = new SpringApplication(HelloApplication.class)
			.run(properties.toArray(String[]::new));
		discardHelloLines();
		System.out.println(PORT_LINE + context.getEnvironment().getProperty("local.server.port"));
		System.out.flush();
		// Runs until the driver closes our standard input (or the watchdog fires).
		while (System.in.read() != -1) {
			// nothing: wait for end of input
		}
		context.close();
		System.exit(0);
	}

	/**
	 * The endpoint's line is formatted like a real log line (Boot's pattern, with the
	 * MDC's trace and span ids) and written to a stream that discards it, so that logging
	 * costs the same CPU in both configurations and no disk is involved.
	 */
	static void discardHelloLines() {
		LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(logback);
		encoder.setPattern(
				"%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p %pid --- [%t] [%X{traceId:-},%X{spanId:-}] %logger{39} : %m%n");
		encoder.start();
		OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
		appender.setContext(logback);
		appender.setName("discard");
		appender.setEncoder(encoder);
		appender.setOutputStream(OutputStream.nullOutputStream());
		appender.start();
		ch.qos.logback.classic.Logger logger = logback.getLogger(HelloController.class);
		logger.setLevel(Level.INFO);
		logger.setAdditive(false);
		logger.addAppender(appender);
	}

	// ---- parent: the driver ----

	record Options(int rounds, int warmup, int requests, int windows, int concurrency, int maxSeconds) {

		static Options parse(List<String> args) {
			Map<String, Integer> values = new HashMap<>(Map.of("rounds", 6, "warmup", 10_000, "requests", 20_000,
					"windows", 5, "concurrency", 16, "max-seconds", 280));
			for (String arg : args) {
				String[] pair = arg.replaceFirst("^--", "").split("=", 2);
				if (pair.length != 2 || !values.containsKey(pair[0])) {
					throw new IllegalArgumentException("unknown option " + arg);
				}
				values.put(pair[0], Integer.parseInt(pair[1]));
			}
			Options options = new Options(values.get("rounds"), values.get("warmup"), values.get("requests"),
					values.get("windows"), values.get("concurrency"), values.get("max-seconds"));
			if (options.rounds < 1 || options.windows < 1 || options.requests < 100 * options.windows
					|| options.warmup < 0 || options.concurrency < 1 || options.maxSeconds < 10) {
				throw new IllegalArgumentException("out of range: " + options);
			}
			return options;
		}

	}

	record Run(double requestsPerSecond, double p50Millis, double p99Millis, int errors, String check, double otherCpu,
			double steal) {
	}

	/**
	 * CPU time of the whole machine (Linux {@code /proc/stat}) next to that of the driver
	 * and the server: what other processes and the hypervisor ({@code steal}) took during
	 * the measured windows, in percent of one core. Not available elsewhere
	 * ({@code NaN}).
	 */
	record CpuSample(long wallNanos, double busySeconds, double stealSeconds, double ownSeconds) {

		static CpuSample take(Process child) {
			double own = cpuSeconds(ProcessHandle.current()) + cpuSeconds(child.toHandle());
			try {
				String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
				// cpu user nice system idle iowait irq softirq steal ..., in USER_HZ (100
				// a second)
				long busy = Long.parseLong(fields[1]) + Long.parseLong(fields[2]) + Long.parseLong(fields[3])
						+ Long.parseLong(fields[6]) + Long.parseLong(fields[7]);
				return new CpuSample(System.nanoTime(), busy / 100.0, Long.parseLong(fields[8]) / 100.0, own);
			}
			catch (IOException | RuntimeException ex) {
				return new CpuSample(System.nanoTime(), Double.NaN, Double.NaN, own);
			}
		}

		static double cpuSeconds(ProcessHandle process) {
			return process.info().totalCpuDuration().map((duration) -> duration.toNanos() / 1e9).orElse(Double.NaN);
		}

		double otherPercent(CpuSample end) {
			double others = (end.busySeconds - this.busySeconds) - (end.ownSeconds - this.ownSeconds);
			return Math.max(0, others) * 100 / ((end.wallNanos - this.wallNanos) / 1e9);
		}

		double stealPercent(CpuSample end) {
			return (end.stealSeconds - this.stealSeconds) * 100 / ((end.wallNanos - this.wallNanos) / 1e9);
		}

	}

	static int drive(Options options) throws Exception {
		long start = System.nanoTime();
		long budget = TimeUnit.SECONDS.toNanos(options.maxSeconds);
		System.out.printf("WebFlux throughput, %s, Java %s, %d cores%n", LocalDate.now(),
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
		System.out.printf(
				"GET /hello (logs one line), %d in flight, %d warm-up + %d measured requests (%d windows)"
						+ " per run, each run in a fresh JVM (%s), %d rounds alternating the order%n",
				options.concurrency, options.warmup, options.requests, options.windows,
				String.join(" ", CHILD_JVM_OPTIONS), options.rounds);
		System.out.println("  req/s of a run = its median window; p50/p99 over all its measured requests;"
				+ " other CPU / steal = CPU that other processes / the hypervisor took while A / B was measured,"
				+ " in % of one core (from /proc/stat)");
		for (Config config : Config.values()) {
			System.out.printf("  %s = %s%n", config, config.description);
		}
		System.out.println("  both: management.tracing.sampling.probability=1.0, no exporter; every request sends"
				+ " traceparent " + TRACEPARENT);
		Map<Config, List<Run>> runs = new EnumMap<>(Config.class);
		Map<Config, String> checks = new EnumMap<>(Config.class);
		List<String[]> rows = new ArrayList<>();
		long longestRound = 0;
		int failures = 0;
		try {
			for (int round = 1; round <= options.rounds; round++) {
				long roundStart = System.nanoTime();
				long left = budget - (roundStart - start);
				// A round that would likely not end within the budget does not start.
				if (round > 1 && left < longestRound * 3 / 2) {
					System.out.printf("stopping after %d rounds: the next would not end within %d s%n", round - 1,
							options.maxSeconds);
					break;
				}
				List<Config> order = (round % 2 == 1) ? List.of(Config.A, Config.B) : List.of(Config.B, Config.A);
				Map<Config, Run> results = new EnumMap<>(Config.class);
				for (Config config : order) {
					Duration limit = Duration
						.ofNanos(Math.max(budget - (System.nanoTime() - start), TimeUnit.SECONDS.toNanos(5)));
					Run run = runOnce(config, options, limit);
					results.put(config, run);
					runs.computeIfAbsent(config, (key) -> new ArrayList<>()).add(run);
					checks.putIfAbsent(config, run.check);
					if (run.errors > 0) {
						failures += run.errors;
					}
				}
				Run a = results.get(Config.A);
				Run b = results.get(Config.B);
				rows.add(new String[] { String.valueOf(round), order.get(0) + " " + order.get(1),
						String.format("%.0f", a.requestsPerSecond), String.format("%.2f", a.p50Millis),
						String.format("%.2f", a.p99Millis), String.format("%.0f", b.requestsPerSecond),
						String.format("%.2f", b.p50Millis), String.format("%.2f", b.p99Millis),
						String.format("%.3f", b.requestsPerSecond / a.requestsPerSecond),
						String.format("%.0f / %.0f", a.otherCpu, b.otherCpu),
						String.format("%.0f / %.0f", a.steal, b.steal) });
				System.out.printf("round %d done (%s): A %.0f req/s, B %.0f req/s%n", round,
						order.get(0) + " " + order.get(1), a.requestsPerSecond, b.requestsPerSecond);
				longestRound = Math.max(longestRound, System.nanoTime() - roundStart);
			}
		}
		finally {
			HttpResources.disposeLoopsAndConnectionsLater().block(Duration.ofSeconds(10));
		}
		if (rows.isEmpty()) {
			System.out.println("no round completed");
			return 1;
		}
		System.out.println();
		checks.forEach((config, check) -> System.out.printf("check %s: %s%n", config, check));
		System.out.println();
		String[] header = { "round", "order", "A req/s", "A p50 ms", "A p99 ms", "B req/s", "B p50 ms", "B p99 ms",
				"B/A", "other CPU % A/B", "steal % A/B" };
		printTable(header, rows);
		double[] ratios = new double[rows.size()];
		for (int i = 0; i < ratios.length; i++) {
			ratios[i] = runs.get(Config.B).get(i).requestsPerSecond / runs.get(Config.A).get(i).requestsPerSecond;
		}
		System.out.println();
		System.out.printf("B/A throughput: median %.3f (min %.3f, max %.3f) over %d rounds%n", median(ratios),
				Arrays.stream(ratios).min().orElseThrow(), Arrays.stream(ratios).max().orElseThrow(), ratios.length);
		for (Config config : Config.values()) {
			List<Run> list = runs.get(config);
			System.out.printf("%s: median %.0f req/s, median p50 %.2f ms, median p99 %.2f ms%n", config,
					median(list.stream().mapToDouble(Run::requestsPerSecond).toArray()),
					median(list.stream().mapToDouble(Run::p50Millis).toArray()),
					median(list.stream().mapToDouble(Run::p99Millis).toArray()));
		}
		System.out.printf("failed requests: %d; total time %.0f s%n", failures, (System.nanoTime() - start) / 1e9);
		return (failures == 0) ? 0 : 1;
	}

	static Run runOnce(Config config, Options options, Duration limit) throws Exception {
		long deadline = System.nanoTime() + limit.toNanos();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(CHILD_JVM_OPTIONS);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), WebFluxThroughput.class.getName(),
				"server", config.name()));
		Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
		Deque<String> output = new ArrayDeque<>();
		BlockingQueue<Integer> port = new ArrayBlockingQueue<>(1);
		Thread reader = new Thread(() -> readOutput(child, output, port), "server-" + config + "-output");
		reader.setDaemon(true);
		reader.start();
		ConnectionProvider connections = ConnectionProvider.builder("bench-" + config)
			.maxConnections(options.concurrency)
			.pendingAcquireMaxCount(-1)
			.build();
		try {
			Integer serverPort = port.poll(Math.min(60, remainingSeconds(deadline)), TimeUnit.SECONDS);
			if (serverPort == null) {
				throw new IllegalStateException(
						"server " + config + " did not start; last output:\n" + String.join("\n", snapshot(output)));
			}
			HttpClient client = HttpClient.create(connections)
				.baseUrl("http://127.0.0.1:" + serverPort)
				.headers((headers) -> headers.set("traceparent", TRACEPARENT));
			String check = client.get()
				.uri("/check")
				.responseSingle((response, body) -> body.asString()
					.map((text) -> text + " traceresponse=" + response.responseHeaders().get("traceresponse", "-")))
				.block(Duration.ofSeconds(10));
			load(client, options.warmup, options.concurrency, deadline);
			// The measured requests go in equal windows, back to back; the run's rate is
			// the
			// median window's, so that a burst of load from elsewhere on a shared machine
			// skews one window rather than the run. Latencies are pooled over all
			// windows.
			int perWindow = options.requests / options.windows;
			double[] rates = new double[options.windows];
			long[] latencies = new long[perWindow * options.windows];
			int answered = 0;
			AtomicInteger errors = new AtomicInteger();
			CpuSample cpuBefore = CpuSample.take(child);
			for (int window = 0; window < options.windows; window++) {
				long[] windowLatencies = new long[perWindow];
				long begin = System.nanoTime();
				int done = load(client, perWindow, options.concurrency, deadline, windowLatencies, errors);
				rates[window] = perWindow / ((System.nanoTime() - begin) / 1e9);
				System.arraycopy(windowLatencies, 0, latencies, answered, done);
				answered += done;
			}
			CpuSample cpuAfter = CpuSample.take(child);
			long[] measured = Arrays.copyOf(latencies, answered);
			Arrays.sort(measured);
			return new Run(median(rates), percentile(measured, 0.50) / 1e6, percentile(measured, 0.99) / 1e6,
					errors.get(), String.valueOf(check), cpuBefore.otherPercent(cpuAfter),
					cpuBefore.stealPercent(cpuAfter));
		}
		finally {
			connections.disposeLater().block(Duration.ofSeconds(10));
			child.getOutputStream().close();
			if (!child.waitFor(30, TimeUnit.SECONDS)) {
				child.destroyForcibly();
				child.waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	static void load(HttpClient client, int requests, int concurrency, long deadline) {
		if (requests > 0) {
			load(client, requests, concurrency, deadline, new long[requests], new AtomicInteger());
		}
	}

	/**
	 * Sends {@code requests} requests, {@code concurrency} at a time, and waits for all
	 * of them, at most until the deadline.
	 * @return how many answered (their latencies fill the start of {@code latencies})
	 */
	static int load(HttpClient client, int requests, int concurrency, long deadline, long[] latencies,
			AtomicInteger errors) {
		AtomicInteger answered = new AtomicInteger();
		Flux.range(0, requests).flatMap((i) -> Mono.defer(() -> {
			long sent = System.nanoTime();
			return client.get()
				.uri("/hello")
				.responseSingle((response, body) -> body.asString().defaultIfEmpty("").map((text) -> {
					if (response.status().code() != 200 || !text.equals("hello")) {
						errors.incrementAndGet();
					}
					return System.nanoTime() - sent;
				}));
		}).onErrorResume((ex) -> {
			errors.incrementAndGet();
			return Mono.empty();
		}), concurrency, 1)
			// One subscriber thread at a time: flatMap serializes onNext.
			.doOnNext((latency) -> latencies[answered.getAndIncrement()] = latency)
			.then()
			.block(Duration.ofSeconds(remainingSeconds(deadline)));
		return answered.get();
	}

	static void readOutput(Process child, Deque<String> output, BlockingQueue<Integer> port) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith(PORT_LINE)) {
					port.offer(Integer.parseInt(line.substring(PORT_LINE.length()).trim()));
				}
				synchronized (output) {
					output.addLast(line);
					if (output.size() > 40) {
						output.removeFirst();
					}
				}
			}
		}
		catch (IOException ex) {
			// the child is gone
		}
	}

	static List<String> snapshot(Deque<String> output) {
		synchronized (output) {
			return new ArrayList<>(output);
		}
	}

	static long remainingSeconds(long deadline) {
		long left = TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
		if (left <= 0) {
			throw new IllegalStateException("time budget exhausted");
		}
		return left;
	}

	static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(p * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	static void printTable(String[] header, List<String[]> rows) {
		int[] widths = new int[header.length];
		for (int i = 0; i < header.length; i++) {
			widths[i] = header[i].length();
			for (String[] row : rows) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		StringBuilder line = new StringBuilder("|");
		StringBuilder rule = new StringBuilder("|");
		for (int i = 0; i < header.length; i++) {
			line.append(' ').append(pad(header[i], widths[i], i > 1)).append(" |");
			rule.append(i > 1 ? "-".repeat(widths[i] + 1) + ":|" : "-".repeat(widths[i] + 2) + "|");
		}
		System.out.println(line);
		System.out.println(rule);
		for (String[] row : rows) {
			StringBuilder out = new StringBuilder("|");
			for (int i = 0; i < row.length; i++) {
				out.append(' ').append(pad(row[i], widths[i], i > 1)).append(" |");
			}
			System.out.println(out);
		}
	}

	static String pad(String text, int width, boolean right) {
		String space = " ".repeat(width - text.length());
		return right ? space + text : text + space;
	}

}
