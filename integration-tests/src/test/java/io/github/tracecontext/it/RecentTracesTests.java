package io.github.tracecontext.it;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.tracecontext.testsupport.DownstreamServer;
import io.github.tracecontext.testsupport.HttpGet;
import io.github.tracecontext.testsupport.W3c;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recent-traces view over real HTTP: a request that calls a real downstream server
 * through a {@code RestClient}, then {@code /actuator/tracecontext/traces} and
 * {@code /actuator/tracecontext/traces/{traceId}} show the server span with its client
 * span under it, in the trace the response's {@code traceresponse} names.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "spring.application.name=orders",
				"management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=health,tracecontext",
				"trace-context.incoming.untrusted-paths=/async" })
@DirtiesContext
@AutoConfigureTracing
class RecentTracesTests {

	static final DownstreamServer downstream = DownstreamServer.start();

	@LocalServerPort
	int port;

	final HttpGet http = new HttpGet(() -> this.port);

	@DynamicPropertySource
	static void downstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("downstream.url", downstream::url);
	}

	@AfterAll
	static void stopDownstream() {
		downstream.close();
	}

	@Test
	void showsTheServerSpanWithItsClientSpanInTheTraceOfTheResponse() throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/hello?client=builder-rest-client", "traceparent",
				caller.traceparent());
		assertThat(response.statusCode()).isEqualTo(200);
		String[] traceresponse = response.headers().firstValue("traceresponse").orElseThrow().split("-");
		String traceId = traceresponse[1];
		String serverSpanId = traceresponse[2];
		assertThat(traceId).isEqualTo(caller.traceId());
		// the server span ends after the response may have reached us
		DocumentContext tree = await().atMost(Duration.ofSeconds(10))
			.until(() -> json("/actuator/tracecontext/traces/" + traceId),
					(json) -> json != null && json.<Integer>read("$.spanCount") == 2);
		assertThat(tree.<String>read("$.traceId")).isEqualTo(traceId);
		assertThat(tree.<List<String>>read("$.services")).containsExactly("orders");
		assertThat(tree.<List<Object>>read("$.spans")).hasSize(1);
		Map<String, Object> server = tree.read("$.spans[0]");
		assertThat(server).containsEntry("spanId", serverSpanId)
			.containsEntry("kind", "SERVER")
			.containsEntry("service", "orders")
			.containsEntry("parentSpanId", caller.spanId())
			.containsEntry("parentMissing", true)
			.containsEntry("offsetMicros", 0)
			.containsEntry("error", false);
		assertThat(tree.<Map<String, Object>>read("$.spans[0].attributes")).containsEntry("method", "GET")
			.containsEntry("uri", "/hello")
			.containsEntry("status", "200");
		assertThat(tree.<List<Object>>read("$.spans[0].children")).hasSize(1);
		Map<String, Object> client = tree.read("$.spans[0].children[0]");
		assertThat(client).containsEntry("kind", "CLIENT")
			.containsEntry("parentSpanId", serverSpanId)
			.containsEntry("parentMissing", false)
			.containsEntry("children", List.of());
		assertThat(tree.<Map<String, Object>>read("$.spans[0].children[0].attributes")).containsEntry("method", "GET");
		assertThat(tree.<Integer>read("$.spans[0].durationMicros"))
			.isGreaterThanOrEqualTo(tree.<Integer>read("$.spans[0].children[0].durationMicros"));
		// the client span is the one whose id reached the downstream server
		assertThat(downstream.lastFor("/from-builder-rest-client").lines("traceparent"))
			.containsExactly("00-" + traceId + "-" + client.get("spanId") + "-01");

		DocumentContext list = json("/actuator/tracecontext/traces");
		assertThat(list).isNotNull();
		List<Map<String, Object>> listed = list.read("$.traces[?(@.traceId == '" + traceId + "')]");
		assertThat(listed).singleElement()
			.satisfies((trace) -> assertThat(trace).containsEntry("rootService", "orders")
				.containsEntry("rootName", server.get("name"))
				.containsEntry("spanCount", 2)
				.containsEntry("services", List.of("orders"))
				.containsEntry("error", false));
		assertThat(list.<Integer>read("$.maxSpans")).isEqualTo(1000);
		// actuator paths are excluded: reading the view adds no span to it
		assertThat(list.<String>read("$.traces[0].rootName")).doesNotContain("actuator");
	}

	@Test
	void callerWhoseTraceIsNotContinuedShowsAsASpanLink() throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/async", "traceparent", caller.traceparent());
		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.headers().firstValue("traceresponse").orElseThrow().split("-")[1];
		assertThat(traceId).isNotEqualTo(caller.traceId());
		DocumentContext tree = await().atMost(Duration.ofSeconds(10))
			.until(() -> json("/actuator/tracecontext/traces/" + traceId), (json) -> json != null);
		Map<String, Object> server = tree.read("$.spans[0]");
		// a new trace: no parent (the endpoint's JSON leaves out null values)
		assertThat(server).containsEntry("kind", "SERVER")
			.doesNotContainKey("parentSpanId")
			.containsEntry("parentMissing", false)
			.containsEntry("links", List.of(Map.of("traceId", caller.traceId(), "spanId", caller.spanId())));
	}

	@Test
	void unknownTraceIsNotFoundAndTheMainOperationStillAnswers() throws Exception {
		assertThat(this.http.get("/actuator/tracecontext/traces/" + W3c.random().traceId()).statusCode())
			.isEqualTo(404);
		assertThat(this.http.get("/actuator/tracecontext/nothing").statusCode()).isEqualTo(404);
		HttpResponse<String> main = this.http.get("/actuator/tracecontext");
		assertThat(main.statusCode()).isEqualTo(200);
		assertThat(main.body()).contains("\"counters\"");
	}

	private DocumentContext json(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.get(path);
		return (response.statusCode() == 200) ? JsonPath.parse(response.body()) : null;
	}

}
