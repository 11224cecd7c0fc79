package io.github.tracecontext.reactive.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.correlation.CorrelationIds.Outcome;
import io.github.tracecontext.reactive.ReactiveTestApplication;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.testsupport.CapturedLogs;
import io.github.tracecontext.testsupport.CapturedLogs.Line;
import io.github.tracecontext.testsupport.DownstreamServer;
import io.github.tracecontext.testsupport.DownstreamServer.Received;
import io.github.tracecontext.testsupport.RawHttp;
import io.github.tracecontext.testsupport.RawHttp.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The legacy correlation header on WebFlux over real HTTP
 * ({@code trace-context.correlation.*} on, no generation): the caller's id is in the MDC
 * on every thread the request's operators run on, echoed on the response and forwarded by
 * the {@code WebClient}; requests without one show none anywhere, even on event-loop
 * threads just used by a request that had one.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"trace-context.correlation.enabled=true" })
@DirtiesContext
@AutoConfigureTracing
class ReactiveCorrelationHeaderTests {

	static final DownstreamServer downstream = DownstreamServer.start();

	@LocalServerPort
	int port;

	@Autowired
	PropagationCounters counters;

	private CapturedLogs logs;

	@DynamicPropertySource
	static void downstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("downstream.url", downstream::url);
	}

	@BeforeEach
	void attach() {
		this.logs = CapturedLogs.attach();
		downstream.clear();
	}

	@AfterEach
	void detach() {
		this.logs.close();
	}

	@AfterAll
	static void stopDownstream() {
		downstream.close();
	}

	@Test
	void callersIdIsInTheMdcAfterAThreadHopEchoedAndForwardedByTheWebClient() throws Exception {
		long forwarded = this.counters.correlationForwarded();
		RawHttp.Response response = RawHttp.ok(this.port, "/call-after-hop?client=builder&tag=hop.",
				Header.of("X-Request-Id", "order-7"));

		assertThat(response.headerValues("X-Request-Id")).containsExactly("order-7");
		assertThat(downstream.lastFor("/from-builder-after-hop").lines("X-Request-Id")).containsExactly("order-7");
		Line hopped = this.logs.single("hopped before call with builder [hop.]");
		assertThat(hopped.thread()).contains("boundedElastic");
		assertThat(hopped.mdc()).containsEntry("requestId", "order-7");
		assertThat(this.logs.single("user filter /call-after-hop [hop.]").mdc()).containsEntry("requestId", "order-7");
		assertThat(this.counters.correlationForwarded() - forwarded).isEqualTo(1);
	}

	@Test
	void idIsOnEveryOperatorsThread() throws Exception {
		RawHttp.ok(this.port, "/operators?tag=ops.", Header.of("X-Request-Id", "ops-1"));
		List<Line> stages = this.logs.containing("[ops.]");
		assertThat(stages).hasSizeGreaterThanOrEqualTo(10);
		assertThat(stages)
			.allSatisfy((line) -> assertThat(line.mdc()).as(line.toString()).containsEntry("requestId", "ops-1"));
	}

	@Test
	void requestWithoutAnIdHasNoneAnywhereWhenGenerationIsOff() throws Exception {
		long absent = this.counters.correlationCount(Outcome.ABSENT);
		RawHttp.Response response = RawHttp.ok(this.port, "/call?client=builder&tag=none.");
		assertThat(response.headerValues("X-Request-Id")).isEmpty();
		assertThat(downstream.lastFor("/from-builder").lines("X-Request-Id")).isEmpty();
		assertThat(this.logs.containing("[none.]")).isNotEmpty()
			.allSatisfy((line) -> assertThat(line.mdc()).doesNotContainKey("requestId"));
		assertThat(this.counters.correlationCount(Outcome.ABSENT) - absent).isEqualTo(1);
	}

	@Test
	void unusableIdIsDroppedCountedAndNeverRepeated() throws Exception {
		String bad = "<img src=x onerror=alert(1)>";
		long rejected = this.counters.correlationCount(Outcome.REJECTED);
		RawHttp.Response response = RawHttp.ok(this.port, "/call?client=builder&tag=bad.",
				Header.of("X-Request-Id", bad));
		assertThat(response.headerValues("X-Request-Id")).isEmpty();
		assertThat(response.text()).doesNotContain(bad);
		assertThat(downstream.lastFor("/from-builder").lines("X-Request-Id")).isEmpty();
		assertThat(this.logs.lines()).noneSatisfy((line) -> assertThat(line.message() + line.mdc()).contains(bad));
		assertThat(this.counters.correlationCount(Outcome.REJECTED) - rejected).isEqualTo(1);
		assertThat(this.counters.droppedByReason(io.github.tracecontext.propagation.DroppedHeader.CORRELATION))
			.containsKey(CorrelationIds.INVALID);
	}

	@Test
	void concurrentRequestsWithAndWithoutIdsNeverSeeAnotherRequestsId() throws Exception {
		int requests = 60;
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<Future<RawHttp.Response>> responses = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				String tag = "m" + i + ".";
				String client = (i % 2 == 0) ? "builder" : "created";
				List<Header> headers = (i % 3 == 0) ? List.of() : List.of(Header.of("X-Request-Id", "id-" + tag));
				responses.add(callers
					.submit(() -> RawHttp.get(this.port, "/call-after-hop?client=" + client + "&tag=" + tag, headers)));
			}
			for (int i = 0; i < requests; i++) {
				RawHttp.Response response = responses.get(i).get(30, TimeUnit.SECONDS);
				assertThat(response.status()).isEqualTo(200);
				String tag = "m" + i + ".";
				List<Line> lines = this.logs.containing("[" + tag + "]");
				assertThat(lines).isNotEmpty();
				if (i % 3 == 0) {
					assertThat(response.headerValues("X-Request-Id")).isEmpty();
					assertThat(lines).allSatisfy((line) -> assertThat(line.mdc()).doesNotContainKey("requestId"));
				}
				else {
					assertThat(response.headerValues("X-Request-Id")).containsExactly("id-" + tag);
					assertThat(lines)
						.allSatisfy((line) -> assertThat(line.mdc()).containsEntry("requestId", "id-" + tag));
				}
			}
		}
		finally {
			callers.shutdownNow();
		}
		for (Received call : downstream.received()) {
			String tag = call.query().replace("tag=", "");
			int index = Integer.parseInt(tag.substring(1, tag.length() - 1));
			if (index % 3 == 0) {
				assertThat(call.lines("X-Request-Id")).as(tag).isEmpty();
			}
			else {
				assertThat(call.lines("X-Request-Id")).as(tag).containsExactly("id-" + tag);
			}
		}
		assertThat(downstream.received()).hasSize(requests);
	}

}
