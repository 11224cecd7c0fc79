package io.github.tracecontext.conformance;

import io.github.tracecontext.testsupport.CounterSnapshot;
import io.github.tracecontext.testsupport.RawHttp.Header;
import io.github.tracecontext.it.TestApplication;
import io.github.tracecontext.testsupport.DownstreamServer.Received;
import io.github.tracecontext.testsupport.W3c;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller outside {@code trace-context.incoming.trusted-addresses} (the test client is
 * 127.0.0.1): its request starts a new trace that links to the caller's span.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"trace-context.incoming.trusted-addresses=10.0.0.0/8",
				"trace-context.incoming.baggage-allowlist=tenant" })
@DirtiesContext
@AutoConfigureTracing
class ConformanceUntrustedCallerTests extends PolicyTestSupport {

	@Test
	void untrustedCallerStartsANewTraceLinkedToItsSpanWithOnlyAllowlistedBaggage() throws Exception {
		W3c caller = W3c.random();
		CounterSnapshot before = CounterSnapshot.of(this.counters);
		// not sampled by the caller: the new trace must follow this application's sampler
		// instead
		String traceparent = "00-" + caller.traceId() + "-" + caller.spanId() + "-00";
		Received received = call(Header.of("traceparent", traceparent), Header.of("tracestate", "vendor=abc"),
				Header.of("baggage", "tenant=acme,secret=x"));
		CounterSnapshot after = CounterSnapshot.of(this.counters);

		assertThat(received.lines("traceparent")).hasSize(1);
		String outgoing = received.lines("traceparent").get(0);
		String newTraceId = traceIdOf(outgoing);
		assertThat(newTraceId).isNotEqualTo(caller.traceId());
		// a new trace of this application: sampled (and, from the OpenTelemetry SDK,
		// random: 03)
		int flags = Integer.parseInt(outgoing.substring(outgoing.length() - 2), 16);
		assertThat(flags & 0x01).as("sampled by this application despite the caller's 00 in " + outgoing).isEqualTo(1);
		assertThat(received.lines("tracestate")).isEmpty();
		assertThat(joined(received.lines("baggage"))).contains("tenant=acme").doesNotContain("secret");

		SpanData server = serverSpan(newTraceId);
		assertThat(server.getParentSpanContext().isValid()).isFalse();
		assertThat(server.getLinks()).singleElement().satisfies((LinkData link) -> {
			assertThat(link.getSpanContext().getTraceId()).isEqualTo(caller.traceId());
			assertThat(link.getSpanContext().getSpanId()).isEqualTo(caller.spanId());
		});
		assertThat(after.restartedByPolicy() - before.restartedByPolicy()).isEqualTo(1);
		// one outcome per request: a restarted request is not also a continued one
		assertThat(after.continued() - before.continued()).isZero();
	}

	@Test
	void untrustedCallerWithoutTraceparentIsNotCountedAsRestarted() throws Exception {
		CounterSnapshot before = CounterSnapshot.of(this.counters);
		Received received = call();
		CounterSnapshot after = CounterSnapshot.of(this.counters);
		String newTraceId = traceIdOf(received.lines("traceparent").get(0));
		assertThat(serverSpan(newTraceId).getLinks()).isEmpty();
		assertThat(after.restartedByPolicy() - before.restartedByPolicy()).isZero();
	}

}
