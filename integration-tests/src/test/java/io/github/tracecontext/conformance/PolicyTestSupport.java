package io.github.tracecontext.conformance;

import io.github.tracecontext.testsupport.RawHttp;
import java.util.List;

import io.github.tracecontext.testsupport.RawHttp.Header;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.testsupport.DownstreamServer;
import io.github.tracecontext.testsupport.DownstreamServer.Received;
import io.github.tracecontext.testsupport.FinishedSpans;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the trust-boundary and outgoing-policy tests share: the downstream server, one
 * call through the application's {@code RestClient} and the finished spans.
 */
abstract class PolicyTestSupport {

	// One server per test class: a server shared through this base class would be closed
	// by
	// the first subclass to finish.
	static DownstreamServer downstream;

	static final String CALL = "/hello?client=builder-rest-client";

	static final String CALLED = "/from-builder-rest-client";

	@LocalServerPort
	int port;

	@Autowired
	PropagationCounters counters;

	@Autowired
	FinishedSpans spans;

	@DynamicPropertySource
	static void downstreamUrl(DynamicPropertyRegistry registry) {
		// runs once per test class, before its application starts
		downstream = DownstreamServer.start();
		String url = downstream.url();
		registry.add("downstream.url", () -> url);
	}

	@BeforeEach
	void clear() {
		downstream.clear();
	}

	@AfterAll
	static void stopDownstream() {
		if (downstream != null) {
			downstream.close();
			downstream = null;
		}
	}

	Received call(Header... headers) throws Exception {
		RawHttp.ok(this.port, CALL, headers);
		return downstream.lastFor(CALLED);
	}

	static String traceIdOf(String traceparent) {
		return traceparent.split("-")[1];
	}

	static String joined(List<String> lines) {
		return String.join(",", lines);
	}

	SpanData serverSpan(String traceId) {
		return this.spans.server(traceId);
	}

}
