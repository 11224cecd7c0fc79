package io.github.tracecontext.it;

import io.github.tracecontext.testsupport.CapturedLogs;
import io.github.tracecontext.testsupport.CapturedLogs.Line;
import io.github.tracecontext.testsupport.DownstreamServer;
import io.github.tracecontext.testsupport.DownstreamServer.Received;
import io.github.tracecontext.testsupport.FinishedSpans;
import io.github.tracecontext.testsupport.HttpGet;
import io.github.tracecontext.testsupport.W3c;
import java.net.http.HttpResponse;
import java.util.List;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.tracecontext.testsupport.EndpointCounts.count;
import static io.github.tracecontext.testsupport.EndpointCounts.countOrZero;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One story per test, over real HTTP into embedded Tomcat: incoming header, server span,
 * MDC in every stage, response headers, outgoing headers as a real downstream server saw
 * them, the async hop, and the endpoint's counters.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=health,tracecontext",
				"trace-context.web.excluded-paths=/internal/**",
				"trace-context.web.response.trace-id-header.enabled=true" })
// Boot publishes tracing scope events to every live context: close this one after the
// class so its
// MDC listener cannot write into another class's application.
@DirtiesContext
@AutoConfigureTracing
class ServletPropagationTests {

	static final DownstreamServer downstream = DownstreamServer.start();

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
		TestApplication.OuterProbe.reset();
		downstream.clear();
	}

	@AfterEach
	void release() {
		this.logs.close();
		assertThat(TestApplication.OuterProbe.violations).as("MDC left behind by a request").isEmpty();
	}

	@AfterAll
	static void stopDownstream() {
		downstream.close();
	}

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
		assertThat(this.logs.single("controller hello continued").mdc()).containsEntry("traceId", caller.traceId())
			.containsEntry("spanId", serverSpanId);
	}

	@Test
	void noTraceparentStartsANewTrace() throws Exception {
		HttpResponse<String> response = this.http.get("/hello?tag=fresh");
		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		List<SpanData> server = this.spans.awaitExactly(traceId, SpanKind.SERVER, 1);
		assertThat(server.get(0).getParentSpanContext().isValid()).isFalse();
		assertThat(this.logs.single("controller hello fresh").mdc()).containsEntry("traceId", traceId);
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331", // too
																								// short
			"00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01", // upper case
			"00-00000000000000000000000000000000-b7ad6b7169203331-01", // zero trace id
			"ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" }) // forbidden
																			// version
	void malformedTraceparentStartsANewTraceAndTheRequestSucceeds(String malformed) throws Exception {
		HttpResponse<String> response = this.http.get("/hello?tag=malformed", "traceparent", malformed);
		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(malformed.toLowerCase()).doesNotContain(traceId);
		List<SpanData> server = this.spans.awaitExactly(traceId, SpanKind.SERVER, 1);
		assertThat(server.get(0).getParentSpanContext().isValid()).isFalse();
	}

	@Test
	void mdcHoldsTheTraceInFiltersControllerAndExceptionHandler() throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/handled", "traceparent", caller.traceparent());
		assertThat(response.statusCode()).isEqualTo(418);
		assertThat(this.logs.single("inner filter /handled").mdc()).containsEntry("traceId", caller.traceId());
		assertThat(this.logs.single("exception handler").mdc()).containsEntry("traceId", caller.traceId());
		assertThat(this.spans.awaitExactly(caller.traceId(), SpanKind.SERVER, 1)).hasSize(1);
	}

	@Test
	void errorDispatchToBasicErrorControllerKeepsTheTrace() throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/boom", "traceparent", caller.traceparent());
		assertThat(response.statusCode()).isEqualTo(500);
		List<SpanData> server = this.spans.awaitExactly(caller.traceId(), SpanKind.SERVER, 1);
		Line errorLine = this.logs.single("error attributes for uri=/error");
		assertThat(errorLine.mdc()).containsEntry("traceId", caller.traceId())
			.containsEntry("spanId", server.get(0).getSpanId());
		assertThat(response.headers().firstValue("traceresponse"))
			.hasValue("00-" + caller.traceId() + "-" + server.get(0).getSpanId() + "-01");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "created-rest-client", "builder-rest-client", "new-rest-template", "builder-rest-template" })
	void everyClientBeanPropagatesWithOneClientSpan(String client) throws Exception {
		W3c caller = W3c.random();
		this.http.get("/hello?client=" + client, "traceparent", caller.traceparent(), "tracestate",
				"vendor=abc,other=1");
		SpanData server = this.spans.server(caller.traceId());
		List<SpanData> clientSpans = this.spans.awaitExactly(caller.traceId(), SpanKind.CLIENT, 1);
		assertThat(clientSpans).singleElement()
			.satisfies((span) -> assertThat(span.getParentSpanId()).isEqualTo(server.getSpanId()));
		Received received = downstream.lastFor("/from-" + client);
		assertThat(received.lines("traceparent"))
			.containsExactly("00-" + caller.traceId() + "-" + clientSpans.get(0).getSpanId() + "-01");
		assertThat(received.lines("tracestate")).containsExactly("vendor=abc,other=1");
	}

	@Test
	void excludedPathHasNoSpanButKeepsTheCallersContextInMdcAndDownstream() throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/internal/ping", "traceparent", caller.traceparent(),
				"tracestate", "vendor=keep");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("traceresponse")).isEmpty();
		assertThat(this.logs.single("internal ping").mdc()).containsEntry("traceId", caller.traceId())
			.containsEntry("spanId", caller.spanId());
		List<SpanData> clientSpans = this.spans.awaitExactly(caller.traceId(), SpanKind.CLIENT, 1);
		assertThat(clientSpans.get(0).getParentSpanId()).isEqualTo(caller.spanId());
		Received received = downstream.lastFor("/from-internal");
		assertThat(received.lines("traceparent"))
			.containsExactly("00-" + caller.traceId() + "-" + clientSpans.get(0).getSpanId() + "-01");
		assertThat(received.lines("tracestate")).containsExactly("vendor=keep");
		assertThat(this.spans.awaitExactly(caller.traceId(), SpanKind.SERVER, 0)).isEmpty();
	}

	@Test
	void asyncMethodLogsWithTheCallersTrace() throws Exception {
		W3c caller = W3c.random();
		HttpResponse<String> response = this.http.get("/async", "traceparent", caller.traceparent());
		assertThat(response.body()).isNotEqualTo(Thread.currentThread().getName());
		Line async = this.logs.single("async step");
		assertThat(async.thread()).isEqualTo(response.body());
		assertThat(async.mdc()).containsEntry("traceId", caller.traceId());
		assertThat(this.logs.single("after async").mdc()).containsEntry("traceId", caller.traceId());
	}

	@Test
	void endpointCountsIncomingAndOutgoingAndListsInstrumentedBeans() throws Exception {
		String before = this.http.get("/actuator/tracecontext").body();
		this.http.get("/hello", "traceparent", W3c.random().traceparent());
		this.http.get("/hello");
		this.http.get("/hello", "traceparent", "00-nothex-b7ad6b7169203331-01");
		this.http.get("/hello?client=created-rest-client", "traceparent", W3c.random().traceparent());
		String after = this.http.get("/actuator/tracecontext").body();
		assertThat(count(after, "continued") - count(before, "continued")).isEqualTo(2);
		assertThat(count(after, "started") - count(before, "started")).isEqualTo(1);
		assertThat(count(after, "rejected") - count(before, "rejected")).isEqualTo(1);
		// the second /actuator/tracecontext call is on an excluded path: counted apart
		assertThat(count(after, "excluded") - count(before, "excluded")).isEqualTo(1);
		assertThat(count(after, "requests") - count(before, "requests")).isEqualTo(4);
		assertThat(count(after, "propagated") - count(before, "propagated")).isEqualTo(1);
		assertThat(after).contains("\"servlet\":true", "\"restTemplate\":true", "\"restClient\":true", "\"async\":true",
				"\"mdc\":true", "\"propagateContextSource\":\"traceContextDefaults\"",
				"\"excludedPaths\":[\"/internal/**\",\"/actuator/**\"]");
		assertThat(after).contains("{\"kind\":\"rest-client\",\"bean\":\"createdRestClient\"")
			.contains(
					"\"bean\":\"createdRestClient\",\"type\":\"org.springframework.web.client.DefaultRestClient\",\"instrumentation\":\"starter\"")
			.contains(
					"\"bean\":\"builderRestClient\",\"type\":\"org.springframework.web.client.DefaultRestClient\",\"instrumentation\":\"boot-builder\"")
			.contains(
					"\"bean\":\"newRestTemplate\",\"type\":\"org.springframework.web.client.RestTemplate\",\"instrumentation\":\"starter\"")
			.contains(
					"\"bean\":\"builderRestTemplate\",\"type\":\"org.springframework.web.client.RestTemplate\",\"instrumentation\":\"boot-builder\"")
			.contains("\"bean\":\"applicationTaskExecutor\"")
			.contains(
					"\"bean\":\"applicationTaskExecutor\",\"type\":\"org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor\",\"instrumentation\":\"spring-task-decorator\"");
	}

	@Test
	void oversizedTraceparentIsCountedByReasonAndTheRequestSucceeds() throws Exception {
		String before = this.http.get("/actuator/tracecontext").body();
		String oversized = W3c.random().traceparent() + "-" + "a".repeat(2000);
		HttpResponse<String> response = this.http.get("/hello?tag=oversized", "traceparent", oversized);
		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(oversized).doesNotContain(traceId);
		assertThat(response.headers().map().toString()).doesNotContain("aaaaaaaa");
		String after = this.http.get("/actuator/tracecontext").body();
		assertThat(count(after, "oversized") - count(before, "oversized")).isEqualTo(1);
	}

	@Test
	void workThatEscapesEveryWrapperIsCountedAndTracedTasksCarriesIt() throws Exception {
		String before = this.http.get("/actuator/tracecontext").body();
		W3c caller = W3c.random();
		assertThat(this.http.get("/escape", "traceparent", caller.traceparent()).statusCode()).isEqualTo(200);
		assertThat(this.logs.single("escaped on a new thread").mdc()).doesNotContainKey("traceId");
		assertThat(this.logs.single("escaped on the common pool").mdc()).doesNotContainKey("traceId");
		assertThat(this.logs.single("kept on a new thread").mdc()).containsEntry("traceId", caller.traceId());
		assertThat(this.logs.single("kept on the common pool").mdc()).containsEntry("traceId", caller.traceId());
		String after = this.http.get("/actuator/tracecontext").body();
		String newThread = "new Thread | io.github.tracecontext.it.TestApplication";
		String commonPool = "common pool (CompletableFuture or parallelStream without an executor) | "
				+ "io.github.tracecontext.it.TestApplication";
		// With fewer than three cores CompletableFuture runs async work on a new thread
		// per task
		// instead of the common pool, so the second line may be filed under either
		// source.
		assertThat(countOrZero(after, newThread) - countOrZero(before, newThread)).isBetween(1L, 2L);
		assertThat(countOrZero(after, newThread) + countOrZero(after, commonPool) - countOrZero(before, newThread)
				- countOrZero(before, commonPool))
			.isEqualTo(2);
		// the two lines above; the logging test filter's line for the endpoint call is on
		// an
		// excluded path without a caller trace, untraced by design and not counted
		assertThat(count(after, "withoutTraceId") - count(before, "withoutTraceId")).isEqualTo(2);
	}

}
