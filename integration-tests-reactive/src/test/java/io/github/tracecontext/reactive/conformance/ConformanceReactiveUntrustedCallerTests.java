package io.github.tracecontext.reactive.conformance;

import io.github.tracecontext.testsupport.CounterSnapshot;
import io.github.tracecontext.testsupport.RawHttp;

import io.github.tracecontext.reactive.ReactiveTestApplication;
import io.github.tracecontext.testsupport.RawHttp.Header;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.testsupport.DownstreamServer;
import io.github.tracecontext.testsupport.DownstreamServer.Received;
import io.github.tracecontext.testsupport.FinishedSpans;
import io.github.tracecontext.testsupport.W3c;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
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
 * A WebFlux request from a caller outside
 * {@code trace-context.incoming.trusted-addresses} (the test client is 127.0.0.1) starts
 * a new trace linked to the caller's span.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"trace-context.incoming.trusted-addresses=10.0.0.0/8",
				"trace-context.incoming.baggage-allowlist=tenant" })
@DirtiesContext
@AutoConfigureTracing
class ConformanceReactiveUntrustedCallerTests {

	static final DownstreamServer downstream = DownstreamServer.start();

	@LocalServerPort
	int port;

	@Autowired
	PropagationCounters counters;

	@Autowired
	FinishedSpans spans;

	@DynamicPropertySource
	static void downstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("downstream.url", downstream::url);
	}

	@AfterAll
	static void stopDownstream() {
		downstream.close();
	}

	@Test
	void untrustedCallerStartsANewTraceLinkedToItsSpanWithOnlyAllowlistedBaggage() throws Exception {
		W3c caller = W3c.random();
		CounterSnapshot before = CounterSnapshot.of(this.counters);
		RawHttp.ok(this.port, "/call?client=builder&tag=untrusted", Header.of("traceparent", caller.traceparent()),
				Header.of("tracestate", "vendor=abc"), Header.of("baggage", "tenant=acme,secret=x"));
		CounterSnapshot after = CounterSnapshot.of(this.counters);

		Received received = downstream.lastFor("/from-builder");
		assertThat(received.lines("traceparent")).hasSize(1);
		String newTraceId = received.lines("traceparent").get(0).split("-")[1];
		assertThat(newTraceId).isNotEqualTo(caller.traceId());
		assertThat(received.lines("tracestate")).isEmpty();
		assertThat(String.join(",", received.lines("baggage"))).contains("tenant=acme").doesNotContain("secret");

		SpanData server = this.spans.server(newTraceId);
		assertThat(server.getParentSpanContext().isValid()).isFalse();
		assertThat(server.getLinks()).singleElement().satisfies((LinkData link) -> {
			assertThat(link.getSpanContext().getTraceId()).isEqualTo(caller.traceId());
			assertThat(link.getSpanContext().getSpanId()).isEqualTo(caller.spanId());
		});
		assertThat(after.restartedByPolicy() - before.restartedByPolicy()).isEqualTo(1);
	}

}
