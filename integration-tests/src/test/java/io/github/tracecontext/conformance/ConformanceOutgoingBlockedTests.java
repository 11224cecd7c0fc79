package io.github.tracecontext.conformance;

import io.github.tracecontext.testsupport.CounterSnapshot;
import io.github.tracecontext.testsupport.RawHttp.Header;
import io.github.tracecontext.it.TestApplication;
import io.github.tracecontext.testsupport.DownstreamServer.Received;
import io.github.tracecontext.testsupport.W3c;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code trace-context.outgoing.allowed-hosts} without the downstream's host: calls leave
 * without any trace header, and without the correlation header.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"trace-context.outgoing.allowed-hosts=example.invalid,*.example.com",
				"trace-context.correlation.enabled=true" })
@DirtiesContext
@AutoConfigureTracing
class ConformanceOutgoingBlockedTests extends PolicyTestSupport {

	@Test
	void hostOutsideTheAllowlistGetsNoTraceHeaders() throws Exception {
		W3c caller = W3c.random();
		CounterSnapshot before = CounterSnapshot.of(this.counters);
		Received received = call(Header.of("traceparent", caller.traceparent()), Header.of("tracestate", "vendor=abc"),
				Header.of("baggage", "tenant=acme"), Header.of("X-Request-Id", "internal-id-1"));
		CounterSnapshot after = CounterSnapshot.of(this.counters);

		assertThat(received.lines("traceparent")).isEmpty();
		assertThat(received.lines("tracestate")).isEmpty();
		assertThat(received.lines("baggage")).isEmpty();
		assertThat(received.lines("X-Request-Id")).isEmpty();
		assertThat(received.headers().toString()).doesNotContain(caller.traceId()).doesNotContain("internal-id-1");
		assertThat(after.blockedByPolicy() - before.blockedByPolicy()).isEqualTo(1);
		// the incoming side is untouched by the outgoing policy
		assertThat(after.continued() - before.continued()).isEqualTo(1);
	}

}
