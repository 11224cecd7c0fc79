package io.github.tracecontext.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's curl, as a test: the sample continues the caller's trace through its
 * controller, the {@code @Async} step and the HTTP call to itself, and answers with a
 * {@code traceresponse} of the same trace; and the README's look at that trace in
 * {@code /actuator/tracecontext/traces}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@AutoConfigureTracing
class SampleApplicationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@LocalServerPort
	int port;

	@Test
	void oneRequestKeepsOneTraceIdAcrossEveryStep() throws Exception {
		List<Map.Entry<String, String>> lines = new CopyOnWriteArrayList<>();
		AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
			@Override
			protected void append(ILoggingEvent event) {
				String traceId = event.getMDCPropertyMap().get("traceId");
				lines.add(Map.entry(event.getFormattedMessage(), (traceId != null) ? traceId : "-"));
			}
		};
		appender.start();
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.addAppender(appender);
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/order/book"))
				.header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
				.timeout(Duration.ofSeconds(10))
				.build();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("in stock");
			assertThat(response.headers().firstValue("traceresponse"))
				.hasValueSatisfying((value) -> assertThat(value).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01"));
		}
		finally {
			root.detachAppender(appender);
		}
		assertThat(lines)
			.filteredOn((line) -> line.getKey().startsWith("order received") || line.getKey().startsWith("audit:")
					|| line.getKey().startsWith("notification queued") || line.getKey().startsWith("checking inventory")
					|| line.getKey().startsWith("inventory answered"))
			.hasSize(5)
			.allSatisfy((line) -> assertThat(line.getValue()).as(line.getKey()).isEqualTo(TRACE_ID));
	}

	@Test
	void recentTracesShowTheWholeRequestAsOneTree() throws Exception {
		String traceId = "0af7651916cd43dd8448eb211c80319c";
		HttpResponse<String> response = get("/order/pen", "00-" + traceId + "-b7ad6b7169203331-01");
		assertThat(response.statusCode()).isEqualTo(200);
		// the order's server span ends once its response is on its way
		DocumentContext tree = await().atMost(Duration.ofSeconds(10)).until(() -> {
			HttpResponse<String> view = get("/actuator/tracecontext/traces/" + traceId, null);
			return (view.statusCode() == 200) ? JsonPath.parse(view.body()) : null;
		}, (json) -> json != null && json.<Integer>read("$.spanCount") == 3);
		assertThat(tree.<String>read("$.spans[0].name")).isEqualTo("http get /order/{item}");
		assertThat(tree.<String>read("$.spans[0].parentSpanId")).isEqualTo("b7ad6b7169203331");
		assertThat(tree.<Boolean>read("$.spans[0].parentMissing")).isTrue();
		assertThat(tree.<String>read("$.spans[0].children[0].kind")).isEqualTo("CLIENT");
		assertThat(tree.<String>read("$.spans[0].children[0].children[0].name"))
			.isEqualTo("http get /inventory/{item}");
		assertThat(tree.<List<String>>read("$.services")).containsExactly("sample-app");
		String list = get("/actuator/tracecontext/traces", null).body();
		assertThat(JsonPath.parse(list).<List<String>>read("$.traces[*].traceId")).contains(traceId);
	}

	/**
	 * Health probes are not traced but still measured, and the endpoint's incoming
	 * figures add up to the requests sent: each order also calls the sample's own
	 * inventory endpoint, which continues the order's trace.
	 */
	@Test
	void healthProbesAreMeasuredAndTheIncomingOutcomesAddUpToTheRequestsSent() throws Exception {
		DocumentContext before = JsonPath.parse(get("/actuator/tracecontext", null).body());
		for (int i = 0; i < 3; i++) {
			assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
		}
		HttpResponse<String> metric = get("/actuator/metrics/http.server.requests?tag=uri:/actuator/health", null);
		assertThat(metric.statusCode()).as(metric.body()).isEqualTo(200);
		assertThat(JsonPath.parse(metric.body()).<List<Double>>read("$.measurements[?(@.statistic == 'COUNT')].value"))
			.singleElement()
			.satisfies((count) -> assertThat(count).isGreaterThanOrEqualTo(3));
		get("/order/pen", "00-" + TRACE_ID + "-b7ad6b7169203331-01");
		get("/order/pen", null);
		get("/order/pen", "00-" + TRACE_ID.toUpperCase() + "-B7AD6B7169203331-01");
		DocumentContext after = JsonPath.parse(get("/actuator/tracecontext", null).body());
		Map<String, Long> delta = new LinkedHashMap<>();
		for (String figure : List.of("requests", "continued", "started", "rejected", "restartedByPolicy", "excluded")) {
			String path = "$.counters.incoming." + figure;
			delta.put(figure, after.<Number>read(path).longValue() - before.<Number>read(path).longValue());
		}
		// 3 orders and their 3 inventory calls; 3 probes, the metric read and the second
		// endpoint read
		assertThat(delta).containsExactly(Map.entry("requests", 6L), Map.entry("continued", 4L),
				Map.entry("started", 1L), Map.entry("rejected", 1L), Map.entry("restartedByPolicy", 0L),
				Map.entry("excluded", 5L));
		assertThat(delta.get("requests")).isEqualTo(
				delta.get("continued") + delta.get("started") + delta.get("rejected") + delta.get("restartedByPolicy"));
	}

	private HttpResponse<String> get(String path, String traceparent) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
