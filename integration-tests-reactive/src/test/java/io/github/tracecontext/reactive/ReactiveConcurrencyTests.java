package io.github.tracecontext.reactive;

import io.github.tracecontext.testsupport.CapturedLogs;
import io.github.tracecontext.testsupport.CapturedLogs.Line;
import io.github.tracecontext.testsupport.DownstreamServer;
import io.github.tracecontext.testsupport.DownstreamServer.Received;
import io.github.tracecontext.testsupport.FinishedSpans;
import io.github.tracecontext.testsupport.W3c;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Hooks;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.HttpResources;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst of concurrent requests, each with its own trace, through every operator hop and
 * through WebClient calls, while a {@code Flux.interval} and a reactive
 * {@code @Scheduled} method log in the background. Afterwards, every Netty event loop and
 * every Reactor scheduler thread is probed directly: none may hold an MDC, a span or an
 * observation. The burst runs once for the class; each test reads its results.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"logging.level.io.github.tracecontext.reactive=INFO", "trace-context.web.excluded-paths=/internal/**" })
// Boot publishes tracing scope events to every live context: close this one after the
// class so its
// MDC listener cannot write into another class's application.
@DirtiesContext
@AutoConfigureTracing
class ReactiveConcurrencyTests {

	static final int REQUESTS = 300;

	static final int IN_FLIGHT = 24;

	static final Pattern TAG = Pattern.compile("\\[(req-\\d+)\\]$");

	static final Pattern TRACERESPONSE = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

	static final Pattern EVENT_LOOP = Pattern.compile("(webflux|reactor)-http-(nio|epoll|kqueue|io_uring)-\\d+");

	static final List<String> CLIENTS = List.of("builder", "created", "plain-builder");

	static final DownstreamServer downstream = DownstreamServer.start();

	private static Burst burst;

	@LocalServerPort
	int port;

	@Autowired
	FinishedSpans finished;

	@Autowired
	Tracer tracer;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	ReactorResourceFactory reactorResourceFactory;

	@DynamicPropertySource
	static void downstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("downstream.url", downstream::url);
	}

	@AfterAll
	static void stopDownstream() {
		downstream.close();
	}

	@Test
	void everyLineOfEveryRequestCarriesItsOwnTraceAndServerSpan() {
		Burst burst = burst();
		assertThat(burst.sent()).hasSize(REQUESTS);
		Map<String, List<Line>> byTag = burst.lines()
			.stream()
			.filter((line) -> TAG.matcher(line.message()).find())
			.collect(Collectors.groupingBy(ReactiveConcurrencyTests::tag));
		Set<String> eventLoopThreads = new HashSet<>();
		for (Sent sent : burst.sent()) {
			assertThat(sent.status()).as(sent.toString()).isEqualTo(sent.expectedStatus());
			List<Line> lines = byTag.getOrDefault(sent.tag(), List.of());
			assertThat(lines).as("lines of " + sent).hasSize(sent.expectedLines());
			for (Line line : lines) {
				assertThat(line.mdc()).as(line + " of " + sent)
					.containsEntry("traceId", sent.traceId())
					.containsEntry("spanId", sent.serverSpanId());
				if (EVENT_LOOP.matcher(line.thread()).matches()) {
					eventLoopThreads.add(line.thread());
				}
			}
		}
		// a trace id is never reused and never shows up under another request's tag
		Map<String, String> tagByTrace = new HashMap<>();
		burst.sent().forEach((sent) -> assertThat(tagByTrace.put(sent.traceId(), sent.tag())).isNull());
		for (Line line : burst.lines()) {
			String traceId = line.mdc().get("traceId");
			Matcher tag = TAG.matcher(line.message());
			if (traceId != null && tagByTrace.containsKey(traceId) && tag.find()) {
				assertThat(tag.group(1)).as(line.toString()).isEqualTo(tagByTrace.get(traceId));
			}
		}
		// the requests really were spread over several event loops and scheduler threads
		assertThat(eventLoopThreads).hasSizeGreaterThan(1);
		assertThat(burst.lines()).extracting(Line::thread)
			.anyMatch((thread) -> thread.startsWith("boundedElastic-"))
			.anyMatch((thread) -> thread.startsWith("parallel-"));
		assertThat(burst.maxInFlight()).as("requests in flight at once").isGreaterThanOrEqualTo(16);
	}

	@Test
	void everyWebClientCallCarriesItsRequestsTraceAndEveryHopHasExactlyItsSpans() {
		Burst burst = burst();
		Map<String, List<Received>> receivedByTag = downstream.received()
			.stream()
			.collect(Collectors.groupingBy((received) -> received.query().replace("tag=", "")));
		Map<String, List<SpanData>> spansByTrace = burst.spans()
			.stream()
			.collect(Collectors.groupingBy(SpanData::getTraceId));
		for (Sent sent : burst.sent()) {
			List<SpanData> spans = spansByTrace.getOrDefault(sent.traceId(), List.of());
			List<SpanData> server = spans.stream().filter((span) -> span.getKind() == SpanKind.SERVER).toList();
			List<SpanData> client = spans.stream().filter((span) -> span.getKind() == SpanKind.CLIENT).toList();
			if (sent.excluded()) {
				assertThat(server).as("server spans of " + sent).isEmpty();
			}
			else {
				assertThat(server).as("server spans of " + sent).singleElement().satisfies((span) -> {
					assertThat(span.getSpanId()).isEqualTo(sent.serverSpanId());
					if (sent.caller() != null) {
						assertThat(span.getParentSpanId()).isEqualTo(sent.caller().spanId());
					}
					else {
						assertThat(span.getParentSpanContext().isValid()).isFalse();
					}
				});
			}
			assertThat(spans).as("all spans of " + sent).hasSize((sent.excluded() ? 0 : 1) + sent.expectedCalls());
			assertThat(client).as("client spans of " + sent).hasSize(sent.expectedCalls());
			List<Received> received = receivedByTag.getOrDefault(sent.tag(), List.of());
			assertThat(received).as("downstream requests of " + sent).hasSize(sent.expectedCalls());
			if (sent.expectedCalls() == 1) {
				SpanData clientSpan = client.get(0);
				assertThat(clientSpan.getParentSpanId()).isEqualTo(sent.serverSpanId());
				assertThat(received.get(0).lines("traceparent")).as(sent.toString())
					.containsExactly("00-" + sent.traceId() + "-" + clientSpan.getSpanId() + "-"
							+ clientSpan.getSpanContext().getTraceFlags().asHex());
			}
		}
	}

	@Test
	void workThatIsNotARequestNeverShowsARequestsTrace() {
		Burst burst = burst();
		Set<String> requestTraces = burst.sent().stream().map(Sent::traceId).collect(Collectors.toSet());
		List<Line> ticks = burst.lines().stream().filter((line) -> line.message().startsWith("interval tick")).toList();
		List<Line> scheduled = burst.lines()
			.stream()
			.filter((line) -> line.message().startsWith("scheduled mono"))
			.toList();
		// both kept running while the requests were served
		assertThat(ticks).hasSizeGreaterThanOrEqualTo(5);
		assertThat(scheduled).hasSizeGreaterThanOrEqualTo(4);
		// the interval was started outside any trace and stays outside
		assertThat(ticks)
			.allSatisfy((line) -> assertThat(line.mdc()).as(line.toString()).doesNotContainKeys("traceId", "spanId"));
		// Spring observes each run of a @Scheduled method: its own trace, never a
		// request's
		assertThat(scheduled)
			.allSatisfy((line) -> assertThat(line.mdc().get("traceId")).as(line.toString()).isNotIn(requestTraces));
		Set<String> scheduledTraces = scheduled.stream()
			.map((line) -> line.mdc().get("traceId"))
			.filter((traceId) -> traceId != null)
			.collect(Collectors.toSet());
		assertThat(burst.spans()).filteredOn((span) -> scheduledTraces.contains(span.getTraceId()))
			.allSatisfy((span) -> assertThat(span.getKind()).isNotIn(SpanKind.SERVER, SpanKind.CLIENT));
	}

	/**
	 * Netty event loops cannot be reached with a request without running request code, so
	 * the probe goes to them directly. The server runs on the loop resources of Boot's
	 * {@link ReactorResourceFactory} ({@code NettyReactiveWebServerFactory} calls
	 * {@code HttpServer.runOn(resourceFactory.getLoopResources())}, threads
	 * {@code webflux-http-*}); the WebClients' connections run on Reactor Netty's global
	 * {@link HttpResources} (threads {@code reactor-http-*}). Every {@link EventExecutor}
	 * of those groups is one event-loop thread, so submitting one task to each executor
	 * runs it on each loop. The probe reads the MDC, the current span (Micrometer and
	 * OpenTelemetry) and the current observation, and logs a line whose MDC the captured
	 * appender records. The loops named in the burst's log lines must all have been
	 * probed, so the probe provably reached the threads the requests ran on.
	 */
	@Test
	void eventLoopsHoldNoContextAfterTheBurst() throws Exception {
		Burst burst = burst();
		Set<EventExecutor> executors = eventLoops();
		List<Probe> probes = new ArrayList<>();
		try (CapturedLogs logs = CapturedLogs.attach()) {
			for (EventExecutor executor : executors) {
				probes.add(executor.submit(probe("event loop")).get(5, TimeUnit.SECONDS));
			}
			assertThat(logs.containing("probe on event loop")).hasSize(probes.size())
				.allSatisfy((line) -> assertThat(line.mdc()).as(line.toString()).isEmpty());
		}
		Set<String> probed = probes.stream().map(Probe::thread).collect(Collectors.toSet());
		Set<String> used = burst.lines()
			.stream()
			.map(Line::thread)
			.filter((thread) -> EVENT_LOOP.matcher(thread).matches())
			.collect(Collectors.toSet());
		assertThat(used).isNotEmpty();
		assertThat(probed).as("probed event loops").containsAll(used);
		assertThat(probes).allSatisfy((probe) -> assertThat(probe.problems()).as(probe.thread()).isEmpty());
	}

	/**
	 * Scheduler workers are probed with raw tasks. With automatic context propagation
	 * Reactor registers a {@code Schedulers.onScheduleHook}
	 * ({@value #REACTOR_CONTEXT_HOOK}) that runs every scheduled task inside the
	 * submitter's context snapshot, which would hide what the worker itself holds (the
	 * starter's MDC accessor would install the test thread's empty MDC). So the hook is
	 * removed while probing and put back with
	 * {@code Hooks.enableAutomaticContextPropagation()}; a sentinel in the test thread's
	 * MDC proves the probes really ran outside any snapshot.
	 * <ul>
	 * <li>{@code parallel}: tasks go round-robin over its fixed workers, so a few rounds
	 * reach each of them;</li>
	 * <li>{@code boundedElastic}: a task goes to an idle worker first, so as many tasks
	 * as there are live workers, each held until all have started, occupy every one.</li>
	 * </ul>
	 */
	@Test
	void schedulerThreadsHoldNoContextAfterTheBurst() throws Exception {
		Burst burst = burst();
		List<Probe> probes = withoutReactorScheduleHook(() -> {
			List<Probe> all = new ArrayList<>();
			all.addAll(probeParallel());
			all.addAll(probeBoundedElastic());
			return all;
		});
		Set<String> probed = probes.stream().map(Probe::thread).collect(Collectors.toSet());
		assertThat(probed).containsAll(liveThreads("parallel-")).containsAll(liveThreads("boundedElastic-"));
		Set<String> used = burst.lines()
			.stream()
			.map(Line::thread)
			.filter((thread) -> thread.startsWith("boundedElastic-") || thread.startsWith("parallel-"))
			.collect(Collectors.toSet());
		assertThat(probed).as("probed scheduler threads").containsAll(used);
		assertThat(probes).allSatisfy((probe) -> assertThat(probe.problems()).as(probe.thread()).isEmpty());
	}

	/**
	 * The probes can fail: a value left in a worker's MDC (planted here with a raw task)
	 * is reported, on an event loop and on a scheduler worker alike.
	 */
	@Test
	void probesReportALeftoverMdcEntry() throws Exception {
		EventExecutor loop = eventLoops().iterator().next();
		loop.submit(() -> MDC.put("planted", "leftover")).get(5, TimeUnit.SECONDS);
		try {
			assertThat(loop.submit(probe("planted event loop")).get(5, TimeUnit.SECONDS).problems()).singleElement()
				.asString()
				.contains("planted=leftover");
		}
		finally {
			loop.submit(() -> MDC.remove("planted")).get(5, TimeUnit.SECONDS);
		}
		withoutReactorScheduleHook(() -> {
			Scheduler.Worker worker = Schedulers.parallel().createWorker();
			try {
				runOn(worker, () -> {
					MDC.put("planted", "leftover");
					return null;
				}, null);
				assertThat(runOn(worker, probe("planted parallel"), null).problems()).singleElement()
					.asString()
					.contains("planted=leftover");
				runOn(worker, () -> {
					MDC.remove("planted");
					return null;
				}, null);
			}
			finally {
				worker.dispose();
			}
			return null;
		});
	}

	static final String REACTOR_CONTEXT_HOOK = "CONTEXT_IN_THREAD_LOCALS";

	private static <T> T withoutReactorScheduleHook(Callable<T> action) throws Exception {
		MDC.put("submitter", "sentinel");
		Schedulers.resetOnScheduleHook(REACTOR_CONTEXT_HOOK);
		try {
			T result = action.call();
			// had the hook still wrapped the tasks, they would have run with this
			// thread's MDC
			if (result instanceof List<?> probes) {
				assertThat(probes).allSatisfy((probe) -> assertThat(((Probe) probe).problems())
					.as("probe ran inside the submitter's context: the hook was not removed")
					.noneMatch((problem) -> problem.contains("submitter=sentinel")));
			}
			return result;
		}
		finally {
			Hooks.enableAutomaticContextPropagation();
			MDC.remove("submitter");
		}
	}

	private List<Probe> probeParallel() throws Exception {
		List<Probe> probes = new ArrayList<>();
		for (int round = 0; round < 4 * Schedulers.DEFAULT_POOL_SIZE; round++) {
			probes.add(runOn(Schedulers.parallel(), probe("parallel"), null));
		}
		return probes;
	}

	private List<Probe> probeBoundedElastic() throws Exception {
		int live = liveThreads("boundedElastic-").size();
		assertThat(live).as("live boundedElastic workers").isPositive();
		CountDownLatch allStarted = new CountDownLatch(live);
		ExecutorService submitters = Executors.newFixedThreadPool(live);
		try {
			List<Future<Probe>> pending = new ArrayList<>();
			for (int i = 0; i < live; i++) {
				pending.add(submitters
					.submit(() -> runOn(Schedulers.boundedElastic(), probe("boundedElastic"), allStarted)));
			}
			List<Probe> probes = new ArrayList<>();
			for (Future<Probe> future : pending) {
				probes.add(future.get(20, TimeUnit.SECONDS));
			}
			return probes;
		}
		finally {
			submitters.shutdownNow();
		}
	}

	private Set<EventExecutor> eventLoops() {
		Set<EventExecutor> executors = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
		for (EventLoopGroup group : List.of(this.reactorResourceFactory.getLoopResources().onServer(true),
				this.reactorResourceFactory.getLoopResources().onClient(true), HttpResources.get().onClient(true),
				HttpResources.get().onServer(true))) {
			group.forEach(executors::add);
		}
		return executors;
	}

	private Callable<Probe> probe(String where) {
		return () -> {
			Map<String, String> mdc = MDC.getCopyOfContextMap();
			List<String> problems = new ArrayList<>();
			if (mdc != null && !mdc.isEmpty()) {
				problems.add("MDC " + mdc);
			}
			if (this.tracer.currentSpan() != null) {
				problems.add("current span " + this.tracer.currentSpan());
			}
			if (Span.current().getSpanContext().isValid()) {
				problems.add("OpenTelemetry current span " + Span.current());
			}
			if (this.observationRegistry.getCurrentObservation() != null) {
				problems.add("current observation " + this.observationRegistry.getCurrentObservation());
			}
			LoggerFactory.getLogger(ReactiveConcurrencyTests.class).info("probe on {}", where);
			return new Probe(Thread.currentThread().getName(), problems);
		};
	}

	// Runs a task on a scheduler (or one of its workers) and waits for its result,
	// bounded.
	// Callers remove Reactor's schedule hook first, so the task sees what the thread
	// holds.
	private static <T> T runOn(Object scheduler, Callable<T> task, CountDownLatch holdUntilAllStarted)
			throws Exception {
		java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
		Runnable runnable = () -> {
			try {
				T found = task.call();
				if (holdUntilAllStarted != null) {
					holdUntilAllStarted.countDown();
					holdUntilAllStarted.await(10, TimeUnit.SECONDS);
				}
				result.complete(found);
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		};
		if (scheduler instanceof Scheduler.Worker worker) {
			worker.schedule(runnable);
		}
		else {
			((Scheduler) scheduler).schedule(runnable);
		}
		return result.get(20, TimeUnit.SECONDS);
	}

	// worker threads only: "boundedElastic-evictor-1" is the pool's housekeeping thread
	private static Set<String> liveThreads(String prefix) {
		Pattern worker = Pattern.compile(Pattern.quote(prefix) + "\\d+");
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter((name) -> worker.matcher(name).matches())
			.collect(Collectors.toSet());
	}

	private static String tag(Line line) {
		Matcher matcher = TAG.matcher(line.message());
		matcher.find();
		return matcher.group(1);
	}

	private synchronized Burst burst() {
		if (burst == null) {
			try {
				burst = runBurst();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
		return burst;
	}

	private Burst runBurst() throws Exception {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		ConcurrentHashMap<Integer, Sent> sent = new ConcurrentHashMap<>();
		java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
		downstream.clear();
		ExecutorService callers = Executors.newFixedThreadPool(IN_FLIGHT);
		try (CapturedLogs logs = CapturedLogs.attach()) {
			List<Future<?>> futures = new ArrayList<>();
			for (int n = 0; n < REQUESTS; n++) {
				int i = n;
				futures.add(callers.submit(() -> {
					String tag = "req-" + i;
					String path = switch (i % 4) {
						case 0 -> "/operators?tag=" + tag;
						case 1 -> "/call?client=" + CLIENTS.get((i / 4) % CLIENTS.size()) + "&tag=" + tag;
						case 2 -> "/handled?tag=" + tag;
						// excluded: no server span, the caller's context carries on
						default -> "/internal/ping?tag=" + tag;
					};
					boolean excluded = path.startsWith("/internal/");
					// every tenth request comes without a traceparent: a fresh trace must
					// not inherit one
					W3c caller = (i % 10 == 9 && !excluded) ? null : W3c.random();
					HttpRequest.Builder request = HttpRequest
						.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
						.timeout(Duration.ofSeconds(20));
					if (caller != null) {
						request.header("traceparent", caller.traceparent());
					}
					maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
					try {
						HttpResponse<String> response = http.send(request.build(),
								HttpResponse.BodyHandlers.ofString());
						String traceresponse = response.headers().firstValue("traceresponse").orElse("");
						if (excluded) {
							assertThat(traceresponse).as(path).isEmpty();
							sent.put(i, new Sent(i, tag, path, caller, response.statusCode(), caller.traceId(),
									caller.spanId()));
							return null;
						}
						Matcher matcher = TRACERESPONSE.matcher(traceresponse);
						assertThat(matcher.matches()).as("traceresponse of " + path + ": " + traceresponse).isTrue();
						if (caller != null) {
							assertThat(matcher.group(1)).as(path).isEqualTo(caller.traceId());
						}
						sent.put(i, new Sent(i, tag, path, caller, response.statusCode(), matcher.group(1),
								matcher.group(2)));
					}
					finally {
						inFlight.decrementAndGet();
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
			// the last responses may be written before their last operators log: wait for
			// the lines
			int expectedLines = sent.values().stream().mapToInt(Sent::expectedLines).sum();
			settle(await().atMost(Duration.ofSeconds(10)), () -> countTagged(logs.lines()) >= expectedLines);
			List<Line> lines = logs.lines();
			int expectedSpans = sent.values()
				.stream()
				.mapToInt((s) -> (s.excluded() ? 0 : 1) + s.expectedCalls())
				.sum();
			Set<String> traces = sent.values().stream().map(Sent::traceId).collect(Collectors.toSet());
			// the requests' spans, and then a while without one that should not exist;
			// background
			// spans (the @Scheduled method) are kept too, for the background test
			Callable<Boolean> exactlyTheRequestsSpans = () -> this.finished.all()
				.stream()
				.filter((span) -> traces.contains(span.getTraceId()))
				.count() == expectedSpans;
			settle(await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)), exactlyTheRequestsSpans);
			List<SpanData> all = this.finished.all();
			return new Burst(sent.values().stream().sorted(java.util.Comparator.comparingInt(Sent::index)).toList(),
					lines, all, maxInFlight.get());
		}
		finally {
			callers.shutdownNow();
		}
	}

	// At the deadline the burst goes on: the tests' assertions then say which request is
	// short.
	private static void settle(ConditionFactory wait, Callable<Boolean> condition) {
		try {
			wait.until(condition);
		}
		catch (ConditionTimeoutException ex) {
			// described by the assertions on the burst
		}
	}

	private static long countTagged(List<Line> lines) {
		return lines.stream().filter((line) -> TAG.matcher(line.message()).find()).count();
	}

	record Burst(List<Sent> sent, List<Line> lines, List<SpanData> spans, int maxInFlight) {
	}

	record Sent(int index, String tag, String path, W3c caller, int status, String traceId, String serverSpanId) {

		int expectedStatus() {
			return this.path.startsWith("/handled") ? 418 : 200;
		}

		// user filter + controller and operators, see ReactiveTestApplication
		int expectedLines() {
			if (this.path.startsWith("/operators")) {
				return 14;
			}
			return excluded() ? 4 : 3;
		}

		int expectedCalls() {
			return (this.path.startsWith("/call") || excluded()) ? 1 : 0;
		}

		/**
		 * An excluded path: no server span; {@link #serverSpanId()} is the caller's span.
		 */
		boolean excluded() {
			return this.path.startsWith("/internal/");
		}

	}

	record Probe(String thread, List<String> problems) {
	}

}
