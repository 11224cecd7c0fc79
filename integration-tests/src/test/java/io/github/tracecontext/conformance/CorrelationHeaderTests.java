package io.github.tracecontext.conformance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.correlation.CorrelationIds.Outcome;
import io.github.tracecontext.it.TestApplication;
import io.github.tracecontext.testsupport.CapturedLogs;
import io.github.tracecontext.testsupport.CounterSnapshot;
import io.github.tracecontext.testsupport.DownstreamServer.Received;
import io.github.tracecontext.testsupport.RawHttp;
import io.github.tracecontext.testsupport.RawHttp.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The legacy correlation header over real HTTP ({@code trace-context.correlation.*} on,
 * with generation): a trusted caller's id is in the MDC on the request thread and after
 * an {@code @Async} hop, echoed on the response and forwarded downstream; a missing,
 * unusable or untrusted id is replaced by a generated one; nothing of a bad value reaches
 * a response header, a log line or the downstream; concurrent requests never see each
 * other's id.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"trace-context.correlation.enabled=true", "trace-context.correlation.generate=true",
				"trace-context.incoming.untrusted-paths=/internal/**" })
@DirtiesContext
@AutoConfigureTracing
class CorrelationHeaderTests extends PolicyTestSupport {

	private static final Pattern UUID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

	private CapturedLogs logs;

	// attached after the application started: starting it resets Logback's appenders
	@BeforeEach
	void attach() {
		this.logs = CapturedLogs.attach();
	}

	@AfterEach
	void detach() {
		this.logs.close();
	}

	@Test
	void trustedCallersIdIsInTheMdcEchoedAndForwarded() throws Exception {
		long accepted = this.counters.correlationCount(Outcome.ACCEPTED);
		long forwarded = this.counters.correlationForwarded();
		RawHttp.Response response = RawHttp.ok(this.port, CALL + "&tag=trusted", Header.of("X-Request-Id", "order-7"));

		assertThat(response.headerValues("X-Request-Id")).containsExactly("order-7");
		assertThat(downstream.lastFor(CALLED).lines("X-Request-Id")).containsExactly("order-7");
		assertThat(this.logs.single("controller hello trusted").mdc()).containsEntry("requestId", "order-7");
		assertThat(this.logs.single("inner filter /hello").mdc()).containsEntry("requestId", "order-7");
		assertThat(this.counters.correlationCount(Outcome.ACCEPTED) - accepted).isEqualTo(1);
		assertThat(this.counters.correlationForwarded() - forwarded).isEqualTo(1);
	}

	@Test
	void idFollowsTheRequestIntoAnAsyncMethod() throws Exception {
		RawHttp.ok(this.port, "/async", Header.of("X-Request-Id", "async-1"));
		assertThat(this.logs.single("async step").mdc()).containsEntry("requestId", "async-1");
		assertThat(this.logs.single("async step").thread()).doesNotContain("http-nio");
		assertThat(this.logs.single("after async").mdc()).containsEntry("requestId", "async-1");
	}

	@Test
	void requestWithoutAnIdGetsAGeneratedOneEverywhere() throws Exception {
		long generated = this.counters.correlationCount(Outcome.GENERATED);
		RawHttp.Response response = RawHttp.ok(this.port, CALL + "&tag=absent");

		List<String> echoed = response.headerValues("X-Request-Id");
		assertThat(echoed).hasSize(1);
		String id = echoed.get(0);
		assertThat(id).matches(UUID);
		assertThat(downstream.lastFor(CALLED).lines("X-Request-Id")).containsExactly(id);
		assertThat(this.logs.single("controller hello absent").mdc()).containsEntry("requestId", id);
		assertThat(this.counters.correlationCount(Outcome.GENERATED) - generated).isEqualTo(1);
	}

	static Stream<Arguments> unusableIds() {
		return Stream.of(Arguments.of("space inside", List.of("a b"), CorrelationIds.INVALID),
				Arguments.of("markup", List.of("<script>alert(1)</script>"), CorrelationIds.INVALID),
				Arguments.of("tab inside", List.of("a\tb"), CorrelationIds.INVALID),
				Arguments.of("quote and comma", List.of("\"x\",y"), CorrelationIds.INVALID),
				Arguments.of("log forging", List.of("x%0d%0aINFO forged"), CorrelationIds.INVALID),
				Arguments.of("non-ASCII (ISO-8859-1 byte)", List.of("caf\u00e9"), CorrelationIds.INVALID),
				Arguments.of("longer than 128", List.of("x".repeat(129)), CorrelationIds.OVERSIZED),
				Arguments.of("8 KB", List.of("y".repeat(8000)), CorrelationIds.OVERSIZED),
				Arguments.of("two lines", List.of("first-1", "second-2"), CorrelationIds.DUPLICATE_HEADER),
				Arguments.of("empty", List.of(""), CorrelationIds.INVALID));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unusableIds")
	void unusableIdIsReplacedCountedAndNeverRepeated(String rule, List<String> values, String reason) throws Exception {
		CounterSnapshot before = CounterSnapshot.of(this.counters);
		List<Header> headers = values.stream().map((value) -> Header.of("X-Request-Id", value)).toList();
		RawHttp.Response response = RawHttp.get(this.port, CALL + "&tag=unusable", headers);
		CounterSnapshot after = CounterSnapshot.of(this.counters);

		assertThat(response.status()).isEqualTo(200);
		List<String> echoed = response.headerValues("X-Request-Id");
		assertThat(echoed).hasSize(1);
		assertThat(echoed.get(0)).matches(UUID);
		assertThat(downstream.lastFor(CALLED).lines("X-Request-Id")).containsExactly(echoed.get(0));
		assertThat(after.reasonsSince(before)).containsExactly(Map.entry(reason, 1L));
		for (String value : values) {
			if (value.length() > 2) {
				assertThat(response.text()).doesNotContain(value);
				assertThat(downstream.lastFor(CALLED).headers().toString()).doesNotContain(value);
				assertThat(this.logs.lines()).noneSatisfy((line) -> {
					assertThat(line.message() + line.mdc()).contains(value);
				});
			}
		}
	}

	@Test
	void idFromACallerThatIsNotTrustedIsReplaced() throws Exception {
		long untrusted = this.counters.correlationCount(Outcome.UNTRUSTED);
		RawHttp.Response response = RawHttp.ok(this.port, "/internal/ping", Header.of("X-Request-Id", "from-outside"));

		String id = response.headerValues("X-Request-Id").get(0);
		assertThat(id).matches(UUID);
		assertThat(downstream.lastFor("/from-internal").lines("X-Request-Id")).containsExactly(id);
		assertThat(this.logs.single("internal ping").mdc()).containsEntry("requestId", id);
		assertThat(this.counters.correlationCount(Outcome.UNTRUSTED) - untrusted).isEqualTo(1);
	}

	@Test
	void concurrentRequestsEachKeepTheirOwnIdAndThreadsAreLeftClean() throws Exception {
		TestApplication.OuterProbe.reset();
		int requests = 40;
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<Future<RawHttp.Response>> responses = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				String tag = "c" + i + ".";
				responses.add(callers.submit(() -> RawHttp.get(this.port, CALL + "&tag=" + tag,
						List.of(Header.of("X-Request-Id", "id-" + tag)))));
			}
			for (int i = 0; i < requests; i++) {
				RawHttp.Response response = responses.get(i).get(30, TimeUnit.SECONDS);
				assertThat(response.headerValues("X-Request-Id")).containsExactly("id-c" + i + ".");
			}
		}
		finally {
			callers.shutdownNow();
		}
		for (int i = 0; i < requests; i++) {
			assertThat(this.logs.single("controller hello c" + i + ".").mdc()).containsEntry("requestId",
					"id-c" + i + ".");
		}
		Set<String> received = new HashSet<>();
		await().atMost(java.time.Duration.ofSeconds(10)).until(() -> downstream.receivedFor(CALLED).size() >= requests);
		for (Received call : downstream.receivedFor(CALLED)) {
			received.addAll(call.lines("X-Request-Id"));
		}
		Set<String> sent = new HashSet<>();
		for (int i = 0; i < requests; i++) {
			sent.add("id-c" + i + ".");
		}
		assertThat(received).isEqualTo(sent);
		assertThat(TestApplication.OuterProbe.violations).isEmpty();
		assertThat(TestApplication.OuterProbe.seenOnEntry)
			.allSatisfy((mdc) -> assertThat(mdc).doesNotContainKey("requestId"));
	}

}
