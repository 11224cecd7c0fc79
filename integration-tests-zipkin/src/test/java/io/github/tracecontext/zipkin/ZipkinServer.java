package io.github.tracecontext.zipkin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real Zipkin server (the {@code zipkin-server} exec jar the build copies into
 * {@code target/zipkin}) in a JVM of its own, on a loopback port, with in-memory storage,
 * and the parts of its v2 API the test reads.
 */
final class ZipkinServer implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper json = JsonMapper.shared();

	private final ChildJvm jvm;

	private final String baseUrl;

	private ZipkinServer(ChildJvm jvm, int port) {
		this.jvm = jvm;
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	/**
	 * Starts the server from the jar named by the {@code zipkin.server.jar} system
	 * property (the build sets it); {@link #awaitReady(Duration)} waits for it.
	 */
	static ZipkinServer start(int port, Path logDirectory) throws IOException {
		Path jar = Path.of(System.getProperty("zipkin.server.jar", "target/zipkin/zipkin-server.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: the build copies it (maven-dependency-plugin)");
		}
		// Started with the jar's own launcher, as java -jar would. Armeria serves Zipkin:
		// its list of ports is
		// replaced whole from the command line, so every field is given. The broker
		// collectors stay off without
		// broker addresses.
		ChildJvm jvm = ChildJvm.start("zipkin", logDirectory,
				List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), jar.toString(),
				"org.springframework.boot.loader.launch.JarLauncher",
				List.of("--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=" + port,
						"--armeria.ports[0].protocols[0]=http", "--zipkin.storage.type=mem",
						"--zipkin.self-tracing.enabled=false"));
		return new ZipkinServer(jvm, port);
	}

	void awaitReady(Duration timeout) throws InterruptedException {
		this.jvm.awaitOk(URI.create(this.baseUrl + "/health"), timeout);
	}

	/**
	 * Where services post their spans
	 * ({@code management.tracing.export.zipkin.endpoint}).
	 */
	String spansEndpoint() {
		return this.baseUrl + "/api/v2/spans";
	}

	/**
	 * The spans Zipkin holds for a trace, none when it knows no such trace.
	 */
	List<ZipkinSpan> trace(String traceId) throws IOException, InterruptedException {
		HttpResponse<String> response = get("/api/v2/trace/" + traceId);
		if (response.statusCode() == 404) {
			return List.of();
		}
		return ZipkinSpan.listOf(read(response));
	}

	/**
	 * Every trace id Zipkin holds from the last hour, whatever the service.
	 */
	Set<String> traceIds() throws IOException, InterruptedException {
		JsonNode traces = read(get("/api/v2/traces?limit=1000&lookback=3600000"));
		return traces.valueStream()
			.flatMap(JsonNode::valueStream)
			.map((span) -> span.path("traceId").asString())
			.collect(Collectors.toSet());
	}

	/**
	 * Polls a trace until Zipkin holds at least the given number of its spans and no more
	 * arrive for a quiet period (spans reach Zipkin in batches, from several processes,
	 * so a span too many would come late), then returns them; at the deadline returns
	 * what is there, for the caller's assertions to describe.
	 */
	List<ZipkinSpan> awaitTrace(String traceId, int spans, Duration quietPeriod, Duration timeout)
			throws IOException, InterruptedException {
		AtomicReference<List<ZipkinSpan>> found = new AtomicReference<>(trace(traceId));
		try {
			await().atMost(timeout).pollInterval(Duration.ofMillis(200)).during(quietPeriod).until(() -> {
				List<ZipkinSpan> next = trace(traceId);
				boolean unchanged = next.size() == found.getAndSet(next).size();
				return unchanged && next.size() >= spans;
			});
		}
		catch (ConditionTimeoutException ex) {
			// the caller's assertions describe what is there
		}
		return found.get();
	}

	@Override
	public void close() {
		this.jvm.close();
	}

	private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + pathAndQuery))
			.timeout(Duration.ofSeconds(5))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode read(HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Zipkin answered " + response.statusCode() + ": " + response.body());
		}
		return json.readTree(response.body());
	}

}
