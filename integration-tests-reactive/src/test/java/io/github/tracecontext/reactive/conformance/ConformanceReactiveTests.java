package io.github.tracecontext.reactive.conformance;

import io.github.tracecontext.testsupport.CounterSnapshot;
import io.github.tracecontext.testsupport.RawHttp;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.tracecontext.reactive.ReactiveTestApplication;
import io.github.tracecontext.testsupport.RawHttp.Header;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.testsupport.DownstreamServer;
import io.github.tracecontext.testsupport.DownstreamServer.Received;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.tracecontext.testsupport.RawHttp.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * W3C Trace Context conformance over real HTTP into Netty (WebFlux): each row is the
 * header lines a caller sends, and what the downstream server must then receive from the
 * application's Boot-built {@code WebClient} plus the rejection reason counted.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0" })
@DirtiesContext
@AutoConfigureTracing
class ConformanceReactiveTests {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final String SPAN_ID = "00f067aa0ba902b7";

	static final String VALID = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

	static final Pattern OUTGOING = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

	static final DownstreamServer downstream = DownstreamServer.start();

	@LocalServerPort
	int port;

	@Autowired
	PropagationCounters counters;

	@DynamicPropertySource
	static void downstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("downstream.url", downstream::url);
	}

	@BeforeEach
	void clear() {
		downstream.clear();
	}

	@AfterAll
	static void stopDownstream() {
		downstream.close();
	}

	/**
	 * What the downstream server must see and which reason must be counted.
	 *
	 * @param continued whether the caller's trace id went on
	 * @param tracestate the single outgoing tracestate line, or {@code null} for none
	 * @param reason the one rejection reason counted, or {@code null} for none at all
	 */
	record Expect(boolean continued, @Nullable String tracestate, @Nullable String reason) {

	}

	static Stream<Arguments> rows() {
		return Stream.of(
				argumentSet("3.2 a valid traceparent is continued with its tracestate",
						lines("traceparent", VALID, "tracestate", "vendor=abc"), new Expect(true, "vendor=abc", null)),
				argumentSet("3.2.2 two traceparent lines restart the trace (and tracestate is not read)",
						lines("traceparent", VALID, "traceparent", VALID, "tracestate", "foo=1"),
						new Expect(false, null, "duplicate-header")),
				argumentSet("3.2.2.1 version ff restarts the trace",
						lines("traceparent", "ff-" + TRACE_ID + "-" + SPAN_ID + "-01", "tracestate", "foo=1"),
						new Expect(false, null, "invalid-version")),
				argumentSet("3.2.4 future version cc with a further field is continued",
						lines("traceparent", "cc-" + TRACE_ID + "-" + SPAN_ID + "-01-extra"),
						new Expect(true, null, null)),
				argumentSet("3.3.1 three tracestate lines are combined in order (RFC 9110)",
						lines("traceparent", VALID, "tracestate", "a=1", "tracestate", "b=2,c=3", "tracestate", "d=4"),
						new Expect(true, "a=1,b=2,c=3,d=4", null)),
				argumentSet("3.3.2.2.1 Level 2 key 'foo@@bar' is kept",
						lines("traceparent", VALID, "tracestate", "foo@@bar=1,bar=2"),
						new Expect(true, "foo@@bar=1,bar=2", null)),
				argumentSet("3.3.2.2.1 a key starting with '@' drops the whole tracestate",
						lines("traceparent", VALID, "tracestate", "@foo=1,bar=2"),
						new Expect(true, null, "tracestate-invalid")),
				argumentSet("3.3.2.1 duplicate keys: the first is kept",
						lines("traceparent", VALID, "tracestate", "foo=1,bar=2,foo=3"),
						new Expect(true, "foo=1,bar=2", "tracestate-duplicate-key")));
	}

	@ParameterizedTest
	@MethodSource("rows")
	void incomingHeadersAndWhatTheDownstreamServerReceives(List<Header> headers, Expect expect) throws Exception {
		CounterSnapshot before = CounterSnapshot.of(this.counters);
		RawHttp.Response response = RawHttp.get(this.port, "/call?client=builder&tag=conformance", headers);
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		CounterSnapshot after = CounterSnapshot.of(this.counters);

		Received received = downstream.lastFor("/from-builder");
		assertThat(received.lines("traceparent")).hasSize(1);
		Matcher outgoing = OUTGOING.matcher(received.lines("traceparent").get(0));
		assertThat(outgoing.matches()).as(received.lines("traceparent").get(0)).isTrue();
		if (expect.continued()) {
			assertThat(outgoing.group(1)).as("trace id").isEqualTo(TRACE_ID);
			assertThat(after.continued() - before.continued()).as("accepted").isEqualTo(1);
		}
		else {
			assertThat(outgoing.group(1)).as("trace id").isNotEqualTo(TRACE_ID);
			assertThat(after.continued() - before.continued()).as("accepted").isZero();
		}
		if (expect.tracestate() == null) {
			assertThat(received.lines("tracestate")).as("tracestate").isEmpty();
		}
		else {
			assertThat(received.lines("tracestate")).as("tracestate").containsExactly(expect.tracestate());
		}
		Map<String, Long> reasons = after.reasonsSince(before);
		if (expect.reason() == null) {
			assertThat(reasons).as("rejection reasons").isEmpty();
		}
		else {
			assertThat(reasons).as("rejection reasons").containsExactly(Map.entry(expect.reason(), 1L));
		}
	}

}
