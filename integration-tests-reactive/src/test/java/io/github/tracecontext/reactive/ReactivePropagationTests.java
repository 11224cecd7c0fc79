package io.github.tracecontext.reactive;

import io.github.tracecontext.testsupport.CapturedLogs;
import io.github.tracecontext.testsupport.CapturedLogs.Line;
import io.github.tracecontext.testsupport.DownstreamServer;
import io.github.tracecontext.testsupport.DownstreamServer.Received;
import com.jayway.jsonpath.JsonPath;
import io.github.tracecontext.testsupport.FinishedSpans;
import io.github.tracecontext.testsupport.HttpGet;
import io.github.tracecontext.testsupport.W3c;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.tracecontext.testsupport.EndpointCounts.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One story per test, over real HTTP into Netty: incoming header, server span, MDC in
 * every operator, response headers (also on errors), outgoing headers as a real
 * downstream server saw them from every kind of {@code WebClient} bean, excluded paths
 * and the endpoint. Nothing in the application sets
 * {@code spring.reactor.context-propagation}: the starter's default ({@code auto}) is
 * what is tested.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=health,tracecontext,metrics",
				"trace-context.web.excluded-paths=/internal/**",
				"trace-context.web.response.trace-id-header.enabled=true",
				"management.tracing.baggage.remote-fields=tenant" })
// Boot publishes tracing scope events to every live context: close this one after the
// class so its
// MDC listener cannot write into another class's application.
@DirtiesContext
@AutoConfigureTracing
class ReactivePropagationTests {

	static final DownstreamServer downstream = DownstreamServer.start();

	/** Netty event loops of the server (Boot names them {@code webflux-http-*}). */
	static final Pattern SERVER_THREAD = Pattern.compile("(webflux|reactor)-http-(nio|epoll|kqueue|io_uring)-\\d+");

	@LocalServerPort
	int port;

	final HttpGet http = new HttpGet(() -> this.port);

	@Autowired
	FinishedSpans spans;

	CapturedLogs logs;

	@DynamicPropertySource
	static void downstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("downstream.url", downstream::url);
	}

	@BeforeEach
	void capture() {
		this.logs = CapturedLogs.attach();
		downstream.clear();
	}

	@AfterEach
	void release() {
		this.logs.close();
	}

	@AfterAll
	static void stopDownstream() {
		downstream.close();
	}

	// 1. Incoming traceparent

	@Test
	void validTraceparentIsContinuedWithExactlyOneServerSpan() throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/hello?tag=continued", "traceparent", caller.traceparent());
		assertThat(response.statusCode()).isEqualTo(200);
		List<SpanData> server = this.spans.awaitExactly(caller.traceId(), SpanKind.SERVER, 1);
		assertThat(server).singleElement().satisfies((span) -> {
			assertThat(span.getParentSpanId()).isEqualTo(caller.spanId());
			assertThat(span.getParentSpanContext().isRemote()).isTrue();
		});
		String serverSpanId = server.get(0).getSpanId();
		assertThat(response.headers().firstValue("traceresponse"))
			.hasValue("00-" + caller.traceId() + "-" + serverSpanId + "-01");
		assertThat(response.headers().firstValue("X-Trace-Id")).hasValue(caller.traceId());
		assertThat(this.logs.single("controller hello [continued]").mdc()).containsEntry("traceId", caller.traceId())
			.containsEntry("spanId", serverSpanId);
		// one hop, one span: no client span, no second server span
		assertThat(this.spans.awaitExactly(caller.traceId(), SpanKind.CLIENT, 0)).isEmpty();
	}

	@Test
	void noTraceparentStartsANewTrace() throws Exception {
		HttpResponse<String> response = this.http.get("/hello?tag=fresh");
		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		SpanData server = this.spans.server(traceId);
		assertThat(server.getParentSpanContext().isValid()).isFalse();
		assertThat(server.getSpanContext().isSampled()).isTrue();
		// a trace started here: sampled and with a random id (Level 2 random-trace-id
		// flag)
		assertThat(response.headers().firstValue("traceresponse"))
			.hasValue("00-" + traceId + "-" + server.getSpanId() + "-03");
		assertThat(this.logs.single("controller hello [fresh]").mdc()).containsEntry("traceId", traceId)
			.containsEntry("spanId", server.getSpanId());
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331", // too
																								// short
			"00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01", // upper case
			"00-00000000000000000000000000000000-b7ad6b7169203331-01", // zero trace id
			"00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01", // zero span id
			"ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" }) // forbidden
																			// version
	void malformedTraceparentStartsANewTraceAndTheRequestSucceeds(String malformed) throws Exception {
		HttpResponse<String> response = this.http.get("/hello?tag=malformed", "traceparent", malformed);
		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(malformed.toLowerCase()).doesNotContain(traceId);
		SpanData server = this.spans.server(traceId);
		assertThat(server.getParentSpanContext().isValid()).isFalse();
		assertThat(this.logs.single("controller hello [malformed]").mdc()).containsEntry("traceId", traceId);
	}

	// 2. MDC in every stage

	@Test
	void mdcHoldsTheServerSpanInUserFilterControllerAndEveryOperator() throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/operators?tag=ops", "traceparent", caller.traceparent());
		assertThat(response.statusCode()).isEqualTo(200);
		SpanData server = this.spans.server(caller.traceId());
		List<Line> lines = this.logs.containing("[ops]");
		assertThat(lines).extracting(Line::message)
			.contains("user filter /operators [ops]", "stage controller [ops]", "stage publishOn [ops]",
					"stage fromCallable [ops]", "stage subscribeOn [ops]", "stage fan-out 0 [ops]",
					"stage fan-out 1 [ops]", "stage fan-out 2 [ops]", "stage fan-out 3 [ops]",
					"stage delayElements 0 [ops]", "stage delayElements 3 [ops]", "stage done [ops]")
			.hasSize(14);
		assertThat(lines).allSatisfy((line) -> assertThat(line.mdc()).as(line.message() + " on " + line.thread())
			.containsEntry("traceId", caller.traceId())
			.containsEntry("spanId", server.getSpanId()));
		// the hops really happened: otherwise the test would prove nothing
		assertThat(thread(lines, "user filter /operators [ops]")).matches(SERVER_THREAD);
		assertThat(thread(lines, "stage controller [ops]")).matches(SERVER_THREAD);
		assertThat(thread(lines, "stage publishOn [ops]")).startsWith("boundedElastic-");
		assertThat(thread(lines, "stage fromCallable [ops]")).startsWith("boundedElastic-");
		assertThat(thread(lines, "stage subscribeOn [ops]")).startsWith("parallel-");
		assertThat(thread(lines, "stage fan-out 0 [ops]")).startsWith("parallel-");
		assertThat(thread(lines, "stage fan-out 1 [ops]")).startsWith("boundedElastic-");
		assertThat(thread(lines, "stage delayElements 0 [ops]")).startsWith("parallel-");
	}

	// 3. traceresponse on normal and error responses

	@Test
	void exceptionHandlerKeepsTheTraceAndTheResponseCarriesTraceresponse() throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/handled?tag=handled", "traceparent", caller.traceparent());
		assertThat(response.statusCode()).isEqualTo(418);
		SpanData server = this.spans.server(caller.traceId());
		assertThat(response.headers().firstValue("traceresponse"))
			.hasValue("00-" + caller.traceId() + "-" + server.getSpanId() + "-01");
		assertThat(response.headers().firstValue("X-Trace-Id")).hasValue(caller.traceId());
		for (String message : List.of("user filter /handled [handled]", "about to fail [handled]",
				"exception handler [handled]")) {
			assertThat(this.logs.single(message).mdc()).as(message)
				.containsEntry("traceId", caller.traceId())
				.containsEntry("spanId", server.getSpanId());
		}
		assertThat(this.logs.single("about to fail [handled]").thread()).startsWith("boundedElastic-");
	}

	@Test
	void unhandledExceptionAnswers500WithTraceresponseAndTheTraceInTheErrorHandler() throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/boom?tag=boom", "traceparent", caller.traceparent());
		assertThat(response.statusCode()).isEqualTo(500);
		SpanData server = this.spans.server(caller.traceId());
		assertThat(server.getAttributes().asMap().toString()).contains("500");
		assertThat(response.headers().firstValue("traceresponse"))
			.hasValue("00-" + caller.traceId() + "-" + server.getSpanId() + "-01");
		assertThat(response.headers().firstValue("X-Trace-Id")).hasValue(caller.traceId());
		for (String message : List.of("about to blow up [boom]", "error attributes for /boom [boom]")) {
			assertThat(this.logs.single(message).mdc()).as(message)
				.containsEntry("traceId", caller.traceId())
				.containsEntry("spanId", server.getSpanId());
		}
	}

	@Test
	void notFoundAlsoCarriesTraceresponse() throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/no-such-path", "traceparent", caller.traceparent());
		assertThat(response.statusCode()).isEqualTo(404);
		SpanData server = this.spans.server(caller.traceId());
		assertThat(response.headers().firstValue("traceresponse"))
			.hasValue("00-" + caller.traceId() + "-" + server.getSpanId() + "-01");
	}

	// 3. excluded paths

	/**
	 * An excluded path gets no server span and no {@code traceresponse}, but, as on the
	 * servlet side, the caller's context is current in the filters after the starter's,
	 * the handler and its operators (also after a scheduler hop), and the outgoing call
	 * continues the caller's trace.
	 */
	@Test
	void excludedPathHasNoSpanButKeepsTheCallersContextInMdcAndDownstream() throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/internal/ping?tag=internal", "traceparent",
				caller.traceparent(), "tracestate", "vendor=keep");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("downstream-ok");
		assertThat(response.headers().firstValue("traceresponse")).isEmpty();
		assertThat(response.headers().firstValue("X-Trace-Id")).isEmpty();
		for (String message : List.of("user filter /internal/ping [internal]", "internal ping [internal]",
				"internal after hop [internal]", "internal called [internal]")) {
			assertThat(this.logs.single(message).mdc()).as(message)
				.containsEntry("traceId", caller.traceId())
				.containsEntry("spanId", caller.spanId());
		}
		assertThat(this.logs.single("internal after hop [internal]").thread()).startsWith("boundedElastic-");
		List<SpanData> clientSpans = this.spans.awaitExactly(caller.traceId(), SpanKind.CLIENT, 1);
		assertThat(clientSpans.get(0).getParentSpanId()).isEqualTo(caller.spanId());
		Received received = downstream.lastFor("/from-internal");
		assertThat(received.lines("traceparent"))
			.containsExactly("00-" + caller.traceId() + "-" + clientSpans.get(0).getSpanId() + "-01");
		assertThat(received.lines("tracestate")).containsExactly("vendor=keep");
		assertThat(this.spans.awaitExactly(caller.traceId(), SpanKind.SERVER, 0)).isEmpty();
	}

	@Test
	void excludedPathWithoutCallerContextGetsNoSpanAndNoOtherRequestsContext() throws Exception {
		HttpResponse<String> response = this.http.get("/internal/ping?tag=bare");
		assertThat(response.statusCode()).isEqualTo(200);
		for (String message : List.of("internal ping [bare]", "internal after hop [bare]")) {
			assertThat(this.logs.single(message).mdc().getOrDefault("traceId", "none")).as(message)
				.isIn("none", "00000000000000000000000000000000");
		}
	}

	@Test
	void actuatorIsExcludedByDefault() throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> health = this.http.get("/actuator/health", "traceparent", caller.traceparent());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.headers().firstValue("traceresponse")).isEmpty();
		assertThat(this.spans.awaitExactly(caller.traceId(), SpanKind.SERVER, 0)).isEmpty();
	}

	/**
	 * No span is not no observation: an excluded request keeps Spring Boot's
	 * {@code http.server.requests} timer, readable at {@code /actuator/metrics}.
	 */
	@Test
	void excludedPathsKeepBootsMetrics() throws Exception {
		W3c caller = W3c.random();
		assertThat(this.http.get("/actuator/health", "traceparent", caller.traceparent()).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/internal/ping?tag=metrics", "traceparent", caller.traceparent()).statusCode())
			.isEqualTo(200);
		for (String uri : List.of("/actuator/health", "/internal/ping")) {
			HttpResponse<String> metric = this.http.get("/actuator/metrics/http.server.requests?tag=uri:" + uri);
			assertThat(metric.statusCode()).as(uri + ": " + metric.body()).isEqualTo(200);
			List<Double> counts = JsonPath.read(metric.body(), "$.measurements[?(@.statistic == 'COUNT')].value");
			assertThat(counts).singleElement().satisfies((count) -> assertThat(count).isGreaterThanOrEqualTo(1));
		}
		assertThat(this.spans.awaitExactly(caller.traceId(), SpanKind.SERVER, 0)).isEmpty();
	}

	// 4. WebClient beans

	@ParameterizedTest
	@ValueSource(strings = { "builder", "created", "plain-builder" })
	void everyWebClientBeanPropagatesWithOneClientSpanPerCall(String client) throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/call?client=" + client + "&tag=call-" + client, "traceparent",
				caller.traceparent(), "tracestate", "vendor=abc,other=1", "baggage", "tenant=acme");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("downstream-ok");
		SpanData server = this.spans.server(caller.traceId());
		assertThat(server.getParentSpanId()).isEqualTo(caller.spanId());
		List<SpanData> clientSpans = this.spans.awaitExactly(caller.traceId(), SpanKind.CLIENT, 1);
		assertThat(clientSpans).singleElement()
			.satisfies((span) -> assertThat(span.getParentSpanId()).isEqualTo(server.getSpanId()));
		Received received = downstream.lastFor("/from-" + client);
		assertThat(downstream.receivedFor("/from-" + client)).hasSize(1);
		assertThat(received.lines("traceparent"))
			.containsExactly("00-" + caller.traceId() + "-" + clientSpans.get(0).getSpanId() + "-01");
		assertThat(received.lines("tracestate")).containsExactly("vendor=abc,other=1");
		assertThat(received.lines("baggage")).singleElement()
			.satisfies((baggage) -> assertThat(baggage).contains("tenant=acme"));
		assertThat(this.logs.single("called with " + client + " [call-" + client + "]").mdc())
			.containsEntry("traceId", caller.traceId())
			.containsEntry("spanId", server.getSpanId());
	}

	@ParameterizedTest
	@ValueSource(strings = { "builder", "created", "plain-builder" })
	void webClientCallsFromInsideAFlatMapChainEachGetTheirOwnClientSpan(String client) throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/call-flatmap?client=" + client + "&tag=fm-" + client,
				"traceparent", caller.traceparent(), "baggage", "tenant=acme");
		assertThat(response.statusCode()).isEqualTo(200);
		SpanData server = this.spans.server(caller.traceId());
		List<SpanData> clientSpans = this.spans.awaitExactly(caller.traceId(), SpanKind.CLIENT, 2);
		assertThat(clientSpans).allSatisfy((span) -> assertThat(span.getParentSpanId()).isEqualTo(server.getSpanId()));
		Set<String> expected = clientSpans.stream()
			.map((span) -> "00-" + caller.traceId() + "-" + span.getSpanId() + "-01")
			.collect(Collectors.toSet());
		List<Received> received = List.of(downstream.lastFor("/from-" + client + "-flatmap-0"),
				downstream.lastFor("/from-" + client + "-flatmap-1"));
		assertThat(received).allSatisfy((r) -> {
			assertThat(r.lines("traceparent")).hasSize(1);
			assertThat(r.lines("baggage")).singleElement().satisfies((b) -> assertThat(b).contains("tenant=acme"));
		});
		assertThat(received.stream().map((r) -> r.lines("traceparent").get(0)).collect(Collectors.toSet()))
			.isEqualTo(expected);
		assertThat(this.logs.containing("flatMap call done with " + client)).hasSize(2)
			.allSatisfy((line) -> assertThat(line.mdc()).containsEntry("traceId", caller.traceId())
				.containsEntry("spanId", server.getSpanId()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "builder", "created", "plain-builder" })
	void webClientCallAfterAPublishOnHopCarriesTheTrace(String client) throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/call-after-hop?client=" + client + "&tag=hop-" + client,
				"traceparent", caller.traceparent(), "tracestate", "vendor=hop");
		assertThat(response.statusCode()).isEqualTo(200);
		SpanData server = this.spans.server(caller.traceId());
		List<SpanData> clientSpans = this.spans.awaitExactly(caller.traceId(), SpanKind.CLIENT, 1);
		assertThat(clientSpans.get(0).getParentSpanId()).isEqualTo(server.getSpanId());
		Received received = downstream.lastFor("/from-" + client + "-after-hop");
		assertThat(received.lines("traceparent"))
			.containsExactly("00-" + caller.traceId() + "-" + clientSpans.get(0).getSpanId() + "-01");
		assertThat(received.lines("tracestate")).containsExactly("vendor=hop");
		Line hopped = this.logs.single("hopped before call with " + client + " [hop-" + client + "]");
		assertThat(hopped.thread()).startsWith("boundedElastic-");
		assertThat(hopped.mdc()).containsEntry("traceId", caller.traceId()).containsEntry("spanId", server.getSpanId());
	}

	@Test
	void webClientCallWithoutIncomingContextStartsOneTraceForBothHops() throws Exception {
		HttpResponse<String> response = this.http.get("/call?client=created&tag=no-incoming");
		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		SpanData server = this.spans.server(traceId);
		List<SpanData> clientSpans = this.spans.awaitExactly(traceId, SpanKind.CLIENT, 1);
		assertThat(clientSpans.get(0).getParentSpanId()).isEqualTo(server.getSpanId());
		// a new trace may carry the W3C level 2 random flag (03): take the flags from the
		// span
		assertThat(downstream.lastFor("/from-created").lines("traceparent")).containsExactly("00-" + traceId + "-"
				+ clientSpans.get(0).getSpanId() + "-" + clientSpans.get(0).getSpanContext().getTraceFlags().asHex());
	}

	// 8. endpoint

	@Test
	void endpointShowsReactiveModeIntegrationsAndWebClientBeans() throws Exception {
		String json = this.http.get("/actuator/tracecontext").body();
		assertThat(json).contains(
				"\"reactive\":{\"contextPropagation\":\"auto\",\"contextPropagationSource\":\"traceContextDefaults\"}")
			.contains("\"webflux\":true", "\"webClient\":true", "\"servlet\":false")
			.contains("\"excludedPaths\":[\"/internal/**\",\"/actuator/**\"]");
		assertThat(json).contains(
				"\"bean\":\"builderWebClient\",\"type\":\"org.springframework.web.reactive.function.client.DefaultWebClient\",\"instrumentation\":\"boot-builder\"")
			.contains(
					"\"bean\":\"createdWebClient\",\"type\":\"org.springframework.web.reactive.function.client.DefaultWebClient\",\"instrumentation\":\"starter\"")
			.contains(
					"\"bean\":\"plainBuilderWebClient\",\"type\":\"org.springframework.web.reactive.function.client.DefaultWebClient\",\"instrumentation\":\"starter\"");
		Matcher webClients = Pattern.compile("\"webClients\":\\[(.*?)\\]").matcher(json);
		assertThat(webClients.find()).as(json).isTrue();
		assertThat(webClients.group(1).split("\\},\\{")).hasSize(3);
	}

	@Test
	void endpointCountsIncomingAndOutgoingReactiveTraffic() throws Exception {
		String before = this.http.get("/actuator/tracecontext").body();
		this.http.get("/hello?tag=count-1", "traceparent", W3c.random().traceparent());
		this.http.get("/hello?tag=count-2");
		this.http.get("/hello?tag=count-3", "traceparent", "00-nothex-b7ad6b7169203331-01");
		this.http.get("/call?client=created&tag=count-4", "traceparent", W3c.random().traceparent());
		this.http.get("/call-flatmap?client=builder&tag=count-5", "traceparent", W3c.random().traceparent());
		String after = this.http.get("/actuator/tracecontext").body();
		assertThat(count(after, "continued") - count(before, "continued")).isEqualTo(3);
		assertThat(count(after, "started") - count(before, "started")).isEqualTo(1);
		assertThat(count(after, "rejected") - count(before, "rejected")).isEqualTo(1);
		// the second endpoint call is on an excluded path: counted apart, not as a
		// started trace
		assertThat(count(after, "excluded") - count(before, "excluded")).isEqualTo(1);
		assertThat(count(after, "requests") - count(before, "requests")).isEqualTo(5);
		assertThat(count(after, "propagated") - count(before, "propagated")).isEqualTo(3);
		assertThat(count(after, "withoutContext") - count(before, "withoutContext")).isZero();
	}

	private static String thread(List<Line> lines, String message) {
		return lines.stream()
			.filter((line) -> line.message().equals(message))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no line " + message + " in " + lines))
			.thread();
	}

}
