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
 * {@code trace-context.outgoing.allowed-hosts} with the downstream's host: calls carry
 * the trace headers.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"trace-context.outgoing.allowed-hosts=127.0.0.1" })
@DirtiesContext
@AutoConfigureTracing
class ConformanceOutgoingAllowedTests extends PolicyTestSupport {

	@Test
	void allowedHostGetsTheTraceHeaders() throws Exception {
		W3c caller = W3c.random();
		CounterSnapshot before = CounterSnapshot.of(this.counters);
		Received received = call(Header.of("traceparent", caller.traceparent()), Header.of("tracestate", "vendor=abc"),
				Header.of("baggage", "tenant=acme"));
		CounterSnapshot after = CounterSnapshot.of(this.counters);

		assertThat(received.lines("traceparent")).singleElement()
			.satisfies((line) -> assertThat(traceIdOf(line)).isEqualTo(caller.traceId()));
		assertThat(received.lines("tracestate")).containsExactly("vendor=abc");
		assertThat(joined(received.lines("baggage"))).contains("tenant=acme");
		assertThat(after.blockedByPolicy() - before.blockedByPolicy()).isZero();
	}

}
