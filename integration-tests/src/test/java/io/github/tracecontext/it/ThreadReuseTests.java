package io.github.tracecontext.it;

import io.github.tracecontext.testsupport.CapturedLogs;
import io.github.tracecontext.testsupport.CapturedLogs.Line;
import io.github.tracecontext.testsupport.HttpGet;
import io.github.tracecontext.testsupport.StarterThreadLocals;
import io.github.tracecontext.testsupport.W3c;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A one-thread Tomcat serves many sequential requests, each with its own trace: every log
 * line carries its own request's ids (under custom MDC key names) and never another's,
 * and every request finds the thread's MDC exactly as the previous one found it. Response
 * headers are switched off here.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "server.tomcat.threads.max=1", "server.tomcat.threads.min-spare=1",
				"management.tracing.sampling.probability=1.0", "trace-context.mdc.trace-id-key=trace_id",
				"trace-context.mdc.span-id-key=span_id", "trace-context.web.response.traceresponse=false",
				"trace-context.web.response.trace-id-header.enabled=false", "downstream.url=http://127.0.0.1:9",
				"trace-context.web.excluded-paths=/internal/**",
				"trace-context.incoming.untrusted-paths=/internal/**" })
// Boot publishes tracing scope events to every live context: close this one after the
// class so its
// MDC listener cannot write into another class's application.
@DirtiesContext
@AutoConfigureTracing
class ThreadReuseTests {

	private static final int REQUESTS = 200;

	private final Set<String> seenTraceIds = new HashSet<>();

	@LocalServerPort
	int port;

	final HttpGet http = new HttpGet(() -> this.port);

	@Test
	void sequentialRequestsOnOneThreadNeverSeeAnotherRequestsIds() throws Exception {
		TestApplication.OuterProbe.reset();
		Set<String> threads = new HashSet<>();
		try (CapturedLogs logs = CapturedLogs.attach()) {
			for (int n = 0; n < REQUESTS; n++) {
				final int i = n;
				W3c caller = W3c.random();
				String path = (i % 4 == 3) ? "/handled" : "/hello";
				// every third request comes without a header, so a fresh trace must not
				// inherit the last one
				String[] headers = (i % 3 != 2) ? new String[] { "traceparent", caller.traceparent() } : new String[0];
				HttpResponse<String> response = this.http.get(path + "?tag=req-" + i, headers);
				assertThat(response.headers().firstValue("traceresponse")).isEmpty();
				assertThat(response.headers().firstValue("X-Trace-Id")).isEmpty();
				String filterLine = "inner filter " + path;
				List<Line> lines = logs.lines()
					.stream()
					.filter((line) -> line.message().startsWith(filterLine) || line.message().endsWith(" req-" + i)
							|| line.message().equals("exception handler"))
					.toList();
				assertThat(lines).isNotEmpty();
				for (Line line : lines) {
					threads.add(line.thread());
					assertThat(line.mdc()).doesNotContainKeys("traceId", "spanId").containsKeys("trace_id", "span_id");
					if (i % 3 != 2) {
						assertThat(line.mdc()).as(line.message()).containsEntry("trace_id", caller.traceId());
					}
				}
				String traceId = lines.get(0).mdc().get("trace_id");
				assertThat(lines).allSatisfy((line) -> assertThat(line.mdc()).containsEntry("trace_id", traceId));
				assertThat(seenTraceIds).as("trace id reused across requests").doesNotContain(traceId);
				seenTraceIds.add(traceId);
				logs.clear();
			}
		}
		assertThat(threads).as("all requests served by the single Tomcat worker").hasSize(1);
		assertThat(TestApplication.OuterProbe.seenOnEntry).hasSize(REQUESTS)
			.allSatisfy((mdc) -> assertThat(mdc).isEqualTo(Map.of()));
		assertThat(TestApplication.OuterProbe.violations).isEmpty();
	}

	/**
	 * An untrusted caller on an excluded path: its trace is restarted (no span there) and
	 * the caller's context that a span link would take must not stay on the worker.
	 */
	@Test
	void untrustedCallerOnAnExcludedPathLeavesNothingOnTheThread() throws Exception {
		assertThat(StarterThreadLocals.count()).as("the starter's thread-locals found").isPositive();
		TestApplication.OuterProbe.reset();
		for (int i = 0; i < 20; i++) {
			String path = (i % 2 == 0) ? "/internal/quiet" : "/hello?tag=after-untrusted-" + i;
			assertThat(this.http.get(path, "traceparent", W3c.random().traceparent()).statusCode()).isEqualTo(200);
		}
		assertThat(TestApplication.OuterProbe.seenOnEntry).hasSize(20);
		assertThat(TestApplication.OuterProbe.violations).isEmpty();
	}

}
