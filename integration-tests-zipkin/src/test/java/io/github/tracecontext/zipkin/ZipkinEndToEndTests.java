package io.github.tracecontext.zipkin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.tracecontext.testsupport.W3c;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole trace of one request across two services, as a real Zipkin server received it
 * from Spring Boot's exporter (OpenTelemetry's Zipkin exporter with Boot's Zipkin
 * sender).
 * <p>
 * Zipkin and the two instances of {@link TracedService} ({@code frontend},
 * {@code backend}) each run in a JVM of their own on loopback ports. One call to
 * {@code frontend /chain} makes seven spans: its server span; an {@code @Async} step's
 * call to {@code backend /audit} through a {@code RestClient.create()} bean (the starter
 * instruments it) and that request's server span; a call to {@code backend /work} through
 * a client from Boot's builder, its server span, and {@code backend}'s call back to
 * {@code frontend /leaf} with its server span. {@code @Async} itself makes no span. The
 * readiness polls of {@code /actuator/health} make none either (the starter excludes the
 * actuator paths), so Zipkin holds no trace but the ones the tests send.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ZipkinEndToEndTests {

	static final Duration STARTUP = Duration.ofSeconds(120);

	static final Duration EXPORT = Duration.ofSeconds(30);

	static final Duration QUIET = Duration.ofSeconds(1);

	static final String TREE = """
			SERVER frontend /chain
			  CLIENT frontend /audit
			    SERVER backend /audit
			  CLIENT frontend /work
			    SERVER backend /work
			      CLIENT backend /leaf
			        SERVER frontend /leaf
			""";

	static final int SPANS = 7;

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static final Set<String> tracesSent = ConcurrentHashMap.newKeySet();

	static @Nullable ZipkinServer zipkin;

	static @Nullable ChildJvm frontend;

	static @Nullable ChildJvm backend;

	static int frontendPort;

	@BeforeAll
	static void start() throws Exception {
		Path logs = Path.of(System.getProperty("zipkin.it.logs", "target/zipkin-it"));
		int[] ports = freeLoopbackPorts(3);
		frontendPort = ports[1];
		// all three start at once: Zipkin is only needed once spans are exported, after
		// the first request
		zipkin = ZipkinServer.start(ports[0], logs);
		frontend = service("frontend", ports[1], ports[2], logs);
		backend = service("backend", ports[2], ports[1], logs);
		zipkin.awaitReady(STARTUP);
		frontend.awaitOk(health(ports[1]), STARTUP);
		backend.awaitOk(health(ports[2]), STARTUP);
	}

	@AfterAll
	static void stop() {
		try (AutoCloseable z = zipkin; AutoCloseable f = frontend; AutoCloseable b = backend) {
			// closed in reverse order, each even if another fails
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void newTraceIsWholeInZipkin() throws Exception {
		W3c response = chain(null);
		List<ZipkinSpan> spans = zipkin.awaitTrace(response.traceId(), SPANS, QUIET, EXPORT);
		ZipkinSpan root = assertWholeTrace(response.traceId(), spans, null);
		assertThat(root.id()).as("server span named by traceresponse").isEqualTo(response.spanId());
		assertAsyncStepLogged(root);
		assertZipkinHoldsOnlyTracesSent(response.traceId());
	}

	@Test
	void callersTraceIsContinuedAndWholeInZipkin() throws Exception {
		W3c caller = W3c.random();
		W3c response = chain(caller);
		assertThat(response.traceId()).isEqualTo(caller.traceId());
		List<ZipkinSpan> spans = zipkin.awaitTrace(caller.traceId(), SPANS, QUIET, EXPORT);
		// the caller's own span was never sent to this Zipkin: the one parent allowed to
		// be absent
		ZipkinSpan root = assertWholeTrace(caller.traceId(), spans, caller.spanId());
		assertThat(root.id()).as("server span named by traceresponse").isEqualTo(response.spanId());
		assertAsyncStepLogged(root);
		assertZipkinHoldsOnlyTracesSent(caller.traceId());
	}

	/**
	 * Calls {@code frontend /chain}, optionally as a caller with a trace, and returns the
	 * trace and span id the response's {@code traceresponse} header names.
	 */
	private W3c chain(@Nullable W3c caller) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontendPort + "/chain"))
			.timeout(Duration.ofSeconds(20));
		if (caller != null) {
			request.header("traceparent", caller.traceparent());
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("chain(audit,work(leaf))");
		String[] traceresponse = response.headers().firstValue("traceresponse").orElseThrow().split("-");
		tracesSent.add(traceresponse[1]);
		return new W3c(traceresponse[1], traceresponse[2]);
	}

	/**
	 * One trace id, the expected number of spans with unique ids, every parent present
	 * but the root's, and the tree of kinds, services and paths; returns the root.
	 */
	private static ZipkinSpan assertWholeTrace(String traceId, List<ZipkinSpan> spans, @Nullable String callerSpanId) {
		String described = spans.stream().map(ZipkinSpan::toString).collect(Collectors.joining("\n"));
		assertThat(spans).as("spans of trace %s in Zipkin:%n%s", traceId, described).hasSize(SPANS);
		assertThat(spans).extracting(ZipkinSpan::traceId).containsOnly(traceId);
		Map<String, ZipkinSpan> byId = spans.stream()
			.collect(Collectors.toMap(ZipkinSpan::id, Function.identity(), (a, b) -> {
				throw new AssertionError("span id " + a.id() + " twice in trace " + traceId + ":\n" + described);
			}));
		List<ZipkinSpan> roots = spans.stream()
			.filter((span) -> span.parentId() == null || !byId.containsKey(span.parentId()))
			.toList();
		assertThat(roots).as("spans whose parent is not in the trace:%n%s", described).hasSize(1);
		assertThat(roots.get(0).parentId()).as("parent of the root span").isEqualTo(callerSpanId);
		assertThat(tree(roots.get(0), spans)).as(described).isEqualTo(TREE);
		return roots.get(0);
	}

	/**
	 * The spans as an indented tree, one line per span (kind, service, path), children in
	 * line order.
	 */
	private static String tree(ZipkinSpan root, List<ZipkinSpan> spans) {
		StringBuilder tree = new StringBuilder();
		appendTree(tree, root, spans, "");
		return tree.toString();
	}

	private static void appendTree(StringBuilder tree, ZipkinSpan span, List<ZipkinSpan> spans, String indent) {
		tree.append(indent).append(span.shape()).append('\n');
		spans.stream()
			.filter((child) -> span.id().equals(child.parentId()))
			.sorted(Comparator.comparing(ZipkinSpan::shape))
			.forEach((child) -> appendTree(tree, child, spans, indent + "  "));
	}

	/**
	 * The {@code @Async} step logged on an executor thread ({@code task-N}) with the
	 * request's trace id and the span of {@code /chain} (the step makes no span of its
	 * own).
	 */
	private static void assertAsyncStepLogged(ZipkinSpan chain) {
		List<String> lines = frontend.output().lines().filter((line) -> line.contains("async audit step")).toList();
		assertThat(lines)
			.anySatisfy((line) -> assertThat(line).contains("task-").contains(chain.traceId()).contains(chain.id()));
	}

	/**
	 * No stray traces: a hop that lost its context would have started a trace of its own.
	 */
	private static void assertZipkinHoldsOnlyTracesSent(String traceId) throws IOException, InterruptedException {
		assertThat(zipkin.traceIds()).contains(traceId).isSubsetOf(tracesSent);
	}

	private static ChildJvm service(String name, int port, int peerPort, Path logs) throws IOException {
		// one JVM per service: the class path of this test, one main class, the service's
		// role in its arguments
		return ChildJvm.start(name, logs, List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
				System.getProperty("java.class.path"), TracedService.class.getName(),
				List.of("--spring.application.name=" + name, "--server.address=127.0.0.1", "--server.port=" + port,
						"--peer.url=http://127.0.0.1:" + peerPort, "--management.tracing.sampling.probability=1.0",
						"--management.tracing.export.zipkin.endpoint=" + zipkin.spansEndpoint(),
						"--management.opentelemetry.tracing.export.schedule-delay=200ms",
						"--spring.main.banner-mode=off"));
	}

	private static URI health(int port) {
		return URI.create("http://127.0.0.1:" + port + "/actuator/health");
	}

	private static int[] freeLoopbackPorts(int count) throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

}
