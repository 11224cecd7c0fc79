package io.github.tracecontext.conformance;

import io.github.tracecontext.testsupport.CounterSnapshot;
import io.github.tracecontext.testsupport.RawHttp.Header;
import io.github.tracecontext.it.TestApplication;
import io.github.tracecontext.testsupport.DownstreamServer.Received;
import io.github.tracecontext.testsupport.W3c;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller inside {@code trace-context.incoming.trusted-addresses}: its trace, tracestate
 * and baggage are continued as usual.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"trace-context.incoming.trusted-addresses=127.0.0.0/8",
				"trace-context.incoming.baggage-allowlist=tenant" })
@DirtiesContext
@AutoConfigureTracing
class ConformanceTrustedCallerTests extends PolicyTestSupport {

	@Test
	void trustedCallerIsContinued() throws Exception {
		W3c caller = W3c.random();
		CounterSnapshot before = CounterSnapshot.of(this.counters);
		Received received = call(Header.of("traceparent", caller.traceparent()), Header.of("tracestate", "vendor=abc"),
				Header.of("baggage", "tenant=acme,secret=x"));
		CounterSnapshot after = CounterSnapshot.of(this.counters);

		assertThat(received.lines("traceparent")).singleElement()
			.satisfies((line) -> assertThat(traceIdOf(line)).isEqualTo(caller.traceId()));
		assertThat(received.lines("tracestate")).containsExactly("vendor=abc");
		assertThat(joined(received.lines("baggage"))).contains("tenant=acme");
		SpanData server = serverSpan(caller.traceId());
		assertThat(server.getParentSpanId()).isEqualTo(caller.spanId());
		assertThat(server.getLinks()).isEmpty();
		assertThat(after.restartedByPolicy() - before.restartedByPolicy()).isZero();
		assertThat(after.continued() - before.continued()).isEqualTo(1);
	}

}
