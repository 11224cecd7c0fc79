package io.github.tracecontext.continuity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.github.tracecontext.continuity.ContinuityApplication.Hop;

/**
 * The client side of the continuity matrix, shared by the test classes: sends many
 * concurrent requests across one boundary, each with its own random {@code traceparent}
 * and tag, and classifies what every hop saw against what its own request sent. A value
 * that belongs to a different request of this run (any row) counts as cross-talk.
 */
final class ContinuityMatrix {

	static final int REQUESTS = 200;

	static final int IN_FLIGHT = 24;

	private static final Duration ROW_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

	private static final int MAX_SAMPLES = 5;

	private static final AtomicInteger sequence = new AtomicInteger();

	private final int port;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	// every request sent through this matrix: trace id -> tag, and tag -> trace id
	private final Map<String, String> tagByTraceId = new ConcurrentHashMap<>();

	private final Map<String, String> traceIdByTag = new ConcurrentHashMap<>();

	private final List<Row> rows = new ArrayList<>();

	private final LongSupplier handOffCounter;

	/**
	 * A matrix against the application on {@code port}.
	 * @param port the application's port
	 * @param handOffCounter reads the starter's count of hand-offs with a trace, or
	 * {@code null} where there is none
	 */
	ContinuityMatrix(int port, LongSupplier handOffCounter) {
		this.port = port;
		this.handOffCounter = handOffCounter;
	}

	/** What a row expects of each request's hops. */
	record Expect(int stages, boolean baggage) {

		static Expect single() {
			return new Expect(1, false);
		}

		static Expect chained() {
			return new Expect(2, false);
		}

		static Expect withBaggage() {
			return new Expect(1, true);
		}

	}

	record Caller(String traceId, String parentSpanId, String tag) {

		static Caller random(String boundary) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			return new Caller(String.format("%016x%016x", random.nextLong(), random.nextLong() | 1),
					String.format("%016x", random.nextLong() | 1),
					boundary + "-" + sequence.incrementAndGet() + "-" + Long.toHexString(random.nextLong()));
		}

		String traceparent() {
			return "00-" + this.traceId + "-" + this.parentSpanId + "-01";
		}

	}

	/**
	 * One row of the matrix; {@code handOffsCounted} is how far the starter's hand-off
	 * counter moved while the row ran ({@code -1} without a counter).
	 */
	record Row(String label, int requests, int hops, int retained, int lost, int crossTalk, int inline,
			int workerMdcSeen, int virtualHops, long handOffsCounted, List<String> samples) {

	}

	Set<String> traceIds() {
		return Set.copyOf(this.tagByTraceId.keySet());
	}

	List<Row> rows() {
		return List.copyOf(this.rows);
	}

	/**
	 * Send {@link #REQUESTS} requests, {@link #IN_FLIGHT} at a time, to
	 * {@code /hop/{boundary}}.
	 */
	Row run(String label, String boundary, String via, Expect expect) throws Exception {
		return run(label, boundary, via, expect, REQUESTS);
	}

	Row run(String label, String boundary, String via, Expect expect, int requests) throws Exception {
		long countedBefore = (this.handOffCounter != null) ? this.handOffCounter.getAsLong() : 0;
		List<Exchange> exchanges = send(boundary, via, false, requests);
		long counted = (this.handOffCounter != null) ? this.handOffCounter.getAsLong() - countedBefore : -1;
		Row row = classify(label, expect, exchanges, counted);
		this.rows.add(row);
		return row;
	}

	/**
	 * Send requests whose task leaves an MDC key behind and throws.
	 * @return the problems: responses that are not the task's planned failure
	 */
	List<String> runFailing(String boundary, String via, int requests) throws Exception {
		List<String> problems = new ArrayList<>();
		for (Exchange exchange : send(boundary, via, true, requests)) {
			String expected = "failed|planned failure " + exchange.caller().tag();
			if (exchange.failure() != null || exchange.status() != 200 || !expected.equals(exchange.body())) {
				problems.add(boundary + ": " + exchange.describe());
			}
		}
		return problems;
	}

	private List<Exchange> send(String boundary, String via, boolean fail, int requests) throws Exception {
		Semaphore inFlight = new Semaphore(IN_FLIGHT);
		long deadline = System.nanoTime() + ROW_TIMEOUT.toNanos();
		List<CompletableFuture<Exchange>> pending = new ArrayList<>(requests);
		for (int i = 0; i < requests; i++) {
			if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				throw new AssertionError(boundary + ": no request slot within " + ROW_TIMEOUT);
			}
			Caller caller = Caller.random(boundary);
			this.tagByTraceId.put(caller.traceId(), caller.tag());
			this.traceIdByTag.put(caller.tag(), caller.traceId());
			URI uri = URI.create("http://127.0.0.1:" + this.port + "/hop/" + boundary + "?via=" + via + "&tag="
					+ caller.tag() + "&fail=" + fail);
			HttpRequest request = HttpRequest.newBuilder(uri)
				.timeout(REQUEST_TIMEOUT)
				.header("traceparent", caller.traceparent())
				.build();
			pending.add(this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, ex) -> {
				inFlight.release();
				return (ex != null) ? new Exchange(caller, -1, null, ex)
						: new Exchange(caller, response.statusCode(), response.body(), null);
			}));
		}
		CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
			.orTimeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
			.join();
		return pending.stream().map(CompletableFuture::join).toList();
	}

	private Row classify(String label, Expect expect, List<Exchange> exchanges, long counted) {
		int retained = 0;
		int crossTalk = 0;
		int hops = 0;
		int inline = 0;
		int workerMdcSeen = 0;
		int virtualHops = 0;
		List<String> samples = new ArrayList<>();
		for (Exchange exchange : exchanges) {
			Caller caller = exchange.caller();
			List<String> problems = new ArrayList<>();
			boolean foreign = false;
			List<Hop> seen = List.of();
			String handlerThread = null;
			String submissionSpan = null;
			if (exchange.failure() != null || exchange.status() != 200 || !exchange.body().startsWith("handler|")) {
				problems.add(exchange.describe());
			}
			else {
				String[] lines = exchange.body().split("\n");
				String[] header = lines[0].split("\\|");
				handlerThread = header[1];
				submissionSpan = header[2];
				List<Hop> parsed = new ArrayList<>();
				for (int i = 1; i < lines.length; i++) {
					parsed.add(Hop.parse(lines[i]));
				}
				seen = parsed;
				if (seen.size() != expect.stages()) {
					problems.add("expected " + expect.stages() + " hops, got " + seen.size());
				}
			}
			for (Hop hop : seen) {
				hops++;
				if (Long.toString(hop.threadId()).equals(handlerThread)) {
					inline++;
					problems.add(hop.stage() + " ran on the request thread");
				}
				if (!Hop.NONE.equals(hop.workerMdc())) {
					workerMdcSeen++;
				}
				if (hop.virtual()) {
					virtualHops++;
				}
				String expectedBaggage = expect.baggage() ? caller.tag() : Hop.NONE;
				check(problems, hop, "tracer trace id", hop.tracerTraceId(), caller.traceId());
				check(problems, hop, "MDC traceId", hop.mdcTraceId(), caller.traceId());
				check(problems, hop, "tracer span id", hop.tracerSpanId(),
						Hop.NONE.equals(submissionSpan) ? "(a span)" : submissionSpan);
				check(problems, hop, "MDC " + ContinuityApplication.TAG_KEY, hop.mdcTag(), caller.tag());
				check(problems, hop, "baggage", hop.baggage(), expectedBaggage);
				foreign |= isForeignTraceId(caller, hop.tracerTraceId()) || isForeignTraceId(caller, hop.mdcTraceId())
						|| isForeignTag(caller, hop.mdcTag()) || isForeignTag(caller, hop.baggage());
			}
			if (foreign) {
				crossTalk++;
				addSample(samples, "CROSS-TALK " + caller + " saw " + seen);
			}
			else if (problems.isEmpty()) {
				retained++;
			}
			else {
				addSample(samples, caller + ": " + problems);
			}
		}
		int requests = exchanges.size();
		return new Row(label, requests, hops, retained, requests - retained - crossTalk, crossTalk, inline,
				workerMdcSeen, virtualHops, counted, samples);
	}

	private static void check(List<String> problems, Hop hop, String what, String actual, String expected) {
		if (!Objects.equals(actual, expected)) {
			problems.add(hop.stage() + " " + what + " " + actual + " != " + expected + " on " + hop.thread());
		}
	}

	private boolean isForeignTraceId(Caller caller, String traceId) {
		return !caller.traceId().equals(traceId) && this.tagByTraceId.containsKey(traceId);
	}

	private boolean isForeignTag(Caller caller, String tag) {
		return !caller.tag().equals(tag) && this.traceIdByTag.containsKey(tag);
	}

	private static void addSample(List<String> samples, String sample) {
		if (samples.size() < MAX_SAMPLES) {
			samples.add(sample);
		}
	}

	String table() {
		StringBuilder table = new StringBuilder();
		table.append(String.format(Locale.ROOT, "%-46s %8s %6s %8s %5s %10s %9s%n", "boundary", "requests", "hops",
				"retained", "lost", "cross-talk", "counted"));
		for (Row row : this.rows) {
			table.append(String.format(Locale.ROOT, "%-46s %8d %6d %8d %5d %10d %9s%n", row.label(), row.requests(),
					row.hops(), row.retained(), row.lost(), row.crossTalk(),
					(row.handOffsCounted() >= 0) ? Long.toString(row.handOffsCounted()) : "-"));
		}
		return table.toString();
	}

	private record Exchange(Caller caller, int status, String body, Throwable failure) {

		String describe() {
			if (this.failure != null) {
				return "request failed: " + this.failure;
			}
			return "HTTP " + this.status + " " + this.body;
		}

	}

}
