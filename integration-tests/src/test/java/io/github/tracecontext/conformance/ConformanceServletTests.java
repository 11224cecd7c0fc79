package io.github.tracecontext.conformance;

import io.github.tracecontext.testsupport.CounterSnapshot;
import io.github.tracecontext.testsupport.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.tracecontext.testsupport.RawHttp.Header;
import io.github.tracecontext.it.TestApplication;
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
 * W3C Trace Context conformance over real HTTP into embedded Tomcat: each row is the
 * header lines a caller sends, and what the downstream server must then receive from the
 * application's {@code RestClient} plus the rejection reason the counters must record.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"server.max-http-request-header-size=64KB" })
@DirtiesContext
@AutoConfigureTracing
class ConformanceServletTests {

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

	enum Trace {

		CONTINUED, NEW

	}

	/**
	 * What the downstream server must see and which reason must be counted.
	 *
	 * @param trace whether the caller's trace id went on
	 * @param flags the outgoing trace-flags, or {@code null} not to check them
	 * @param tracestate the single outgoing tracestate line, or {@code null} for none
	 * @param reason the one rejection reason counted, or {@code null} for none at all
	 */
	record Expect(Trace trace, @Nullable String flags, @Nullable String tracestate, @Nullable String reason) {

	}

	static String tp(String version, String traceId, String spanId, String flags) {
		return version + "-" + traceId + "-" + spanId + "-" + flags;
	}

	static String members(int count, int valueLength) {
		return IntStream.range(0, count)
			.mapToObj((i) -> "k" + i + "=" + "v".repeat(valueLength))
			.collect(Collectors.joining(","));
	}

	static Expect continued(@Nullable String tracestate, @Nullable String reason) {
		return new Expect(Trace.CONTINUED, "01", tracestate, reason);
	}

	static Expect restarted(String reason) {
		return new Expect(Trace.NEW, null, null, reason);
	}

	static Stream<Arguments> rows() {
		String a100 = "a0=" + "x".repeat(100);
		String big = "big=" + "y".repeat(200);
		String b2 = "a2=" + "z".repeat(100);
		String b3 = "a3=" + "z".repeat(100);
		String b4 = "a4=" + "z".repeat(100);
		String six = members(6, 100);
		String firstFour = members(4, 100);
		List<Header> manyLines = new ArrayList<>(lines("traceparent", VALID));
		for (int i = 0; i < 33; i++) {
			manyLines.add(Header.of("tracestate", "k" + i + "=1"));
		}
		List<Header> thirtyTwoLines = new ArrayList<>(lines("traceparent", VALID));
		for (int i = 0; i < 32; i++) {
			thirtyTwoLines.add(Header.of("tracestate", "k" + i + "=1"));
		}
		return Stream.of(
				argumentSet("3.2 a valid traceparent is continued", lines("traceparent", VALID), continued(null, null)),
				argumentSet("3.2 no traceparent starts a new trace", lines(), new Expect(Trace.NEW, null, null, null)),
				argumentSet("3.2 OWS (spaces and tabs) around traceparent is ignored",
						lines("traceparent", " \t " + VALID + "\t "), continued(null, null)),
				argumentSet("3.2.2 two traceparent lines restart the trace (and tracestate is not read)",
						lines("traceparent", VALID, "traceparent", tp("00", TRACE_ID, SPAN_ID, "01"), "tracestate",
								"foo=1"),
						restarted("duplicate-header")),
				argumentSet("3.2.2.1 version ff restarts the trace",
						lines("traceparent", tp("ff", TRACE_ID, SPAN_ID, "01")), restarted("invalid-version")),
				argumentSet("3.2.4 future version cc of 55 characters is continued as version 00",
						lines("traceparent", tp("cc", TRACE_ID, SPAN_ID, "01")), continued(null, null)),
				argumentSet("3.2.4 future version cc with a further '-' field is continued as version 00",
						lines("traceparent", tp("cc", TRACE_ID, SPAN_ID, "01") + "-extra", "tracestate", "foo=1"),
						continued("foo=1", null)),
				argumentSet("3.2.4 future version cc with '.extra' after the flags restarts the trace",
						lines("traceparent", tp("cc", TRACE_ID, SPAN_ID, "01") + ".extra"), restarted("bad-length")),
				argumentSet("3.2.4 version 00 with '.extra' after the flags restarts the trace",
						lines("traceparent", VALID + ".extra"), restarted("bad-length")),
				argumentSet("3.2.4 version 00 with a further '-' field restarts the trace",
						lines("traceparent", VALID + "-extra"), restarted("bad-length")),
				argumentSet("3.2.2.2 bad length restarts the trace",
						lines("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID), restarted("bad-length")),
				argumentSet("3.2.2.3 upper-case hex restarts the trace",
						lines("traceparent", tp("00", TRACE_ID.toUpperCase(), SPAN_ID, "01")),
						restarted("uppercase-hex")),
				argumentSet("3.2.2.3 non-hex trace id restarts the trace",
						lines("traceparent", tp("00", "4bf92f3577b34da6a3ce929d0e0e473g", SPAN_ID, "01")),
						restarted("not-hex")),
				argumentSet("3.2.2.3 all-zero trace id restarts the trace",
						lines("traceparent", tp("00", "0".repeat(32), SPAN_ID, "01")), restarted("zero-id")),
				argumentSet("3.2.2.4 all-zero parent id restarts the trace",
						lines("traceparent", tp("00", TRACE_ID, "0".repeat(16), "01")), restarted("zero-id")),
				argumentSet("3.2.2.5 the random flag (02) of the caller is kept outgoing",
						lines("traceparent", tp("00", TRACE_ID, SPAN_ID, "03")),
						new Expect(Trace.CONTINUED, "03", null, null)),
				argumentSet("3.2.2.5 unknown flag bits are set to 0 outgoing",
						lines("traceparent", tp("00", TRACE_ID, SPAN_ID, "09")),
						new Expect(Trace.CONTINUED, "01", null, null)),
				argumentSet("3.2.2.5 all flag bits set: sampled and random kept, the rest cleared",
						lines("traceparent", tp("00", TRACE_ID, SPAN_ID, "ff")),
						new Expect(Trace.CONTINUED, "03", null, null)),
				argumentSet("3.3.1 tracestate is forwarded unchanged",
						lines("traceparent", VALID, "tracestate", "vendor=abc,other=1"),
						continued("vendor=abc,other=1", null)),
				argumentSet("3.3.1 three tracestate lines are combined in order (RFC 9110)",
						lines("traceparent", VALID, "tracestate", "a=1", "tracestate", "b=2,c=3", "tracestate", "d=4"),
						continued("a=1,b=2,c=3,d=4", null)),
				argumentSet("3.3.1 an empty tracestate line next to another line is ignored",
						lines("traceparent", VALID, "tracestate", "", "tracestate", "foo=1"), continued("foo=1", null)),
				argumentSet("3.3.1.1 empty list members are ignored",
						lines("traceparent", VALID, "tracestate", "foo=1, ,,bar=2"), continued("foo=1,bar=2", null)),
				argumentSet("3.3.2.2.1 Level 2 key 'foo@@bar' is kept",
						lines("traceparent", VALID, "tracestate", "foo@@bar=1,bar=2"),
						continued("foo@@bar=1,bar=2", null)),
				argumentSet("3.3.2.2.1 keys starting with a digit and with two '@' are kept",
						lines("traceparent", VALID, "tracestate", "1abc=2,foo@bar@baz=3"),
						continued("1abc=2,foo@bar@baz=3", null)),
				argumentSet("3.3.2.2.1 a key starting with '@' drops the whole tracestate",
						lines("traceparent", VALID, "tracestate", "@foo=1,bar=2"),
						continued(null, "tracestate-invalid")),
				argumentSet("3.3.2.2.1 an upper-case key drops the whole tracestate",
						lines("traceparent", VALID, "tracestate", "Foo=1,bar=2"),
						continued(null, "tracestate-invalid")),
				// Tomcat answers 400 to most control characters itself (RFC 9112); HTAB
				// is the one that
				// HTTP allows inside a field value and the tracestate value grammar does
				// not.
				argumentSet("3.3.2.2.2 a control character (HTAB) in a value drops the whole tracestate",
						lines("traceparent", VALID, "tracestate", "foo=a\tb,bar=2"),
						continued(null, "tracestate-invalid")),
				argumentSet("3.3.2.2.2 a non-ASCII character in a value drops the whole tracestate",
						lines("traceparent", VALID, "tracestate", "foo=caf\u00e9,bar=2"),
						continued(null, "tracestate-invalid")),
				argumentSet("3.3.2.2.2 a value with '=' drops the whole tracestate",
						lines("traceparent", VALID, "tracestate", "foo=a=b"), continued(null, "tracestate-invalid")),
				argumentSet("3.3.2.1 32 members are kept", lines("traceparent", VALID, "tracestate", members(32, 1)),
						continued(members(32, 1), null)),
				argumentSet("3.3.2.1 33 members drop the whole tracestate",
						lines("traceparent", VALID, "tracestate", members(33, 1)),
						continued(null, "tracestate-invalid")),
				argumentSet("3.3.2.1 duplicate keys: the first is kept",
						lines("traceparent", VALID, "tracestate", "foo=1,bar=2,foo=3"),
						continued("foo=1,bar=2", "tracestate-duplicate-key")),
				argumentSet("3.3.3.1 over 512 characters: entries over 128 characters are removed first",
						lines("traceparent", VALID, "tracestate", String.join(",", a100, big, b2, b3, b4)),
						continued(String.join(",", a100, b2, b3, b4), "tracestate-truncated")),
				argumentSet("3.3.3.1 over 512 characters: then whole entries are removed from the right",
						lines("traceparent", VALID, "tracestate", six), continued(firstFour, "tracestate-truncated")),
				argumentSet("3.3 tracestate with an invalid traceparent is not forwarded",
						lines("traceparent", tp("ff", TRACE_ID, SPAN_ID, "01"), "tracestate", "foo=1"),
						restarted("invalid-version")),
				argumentSet("3.3 tracestate without a traceparent is not forwarded", lines("tracestate", "foo=1"),
						new Expect(Trace.NEW, null, null, null)),
				argumentSet("3.3.1 32 tracestate lines are combined", thirtyTwoLines, continued(
						IntStream.range(0, 32).mapToObj((i) -> "k" + i + "=1").collect(Collectors.joining(",")), null)),
				argumentSet("3.3.1 more than 32 tracestate lines drop the tracestate", manyLines,
						continued(null, "tracestate-oversized")),
				argumentSet("3.3.1 more than 8192 tracestate characters drop the tracestate",
						lines("traceparent", VALID, "tracestate", "foo=" + "x".repeat(9000)),
						continued(null, "tracestate-oversized")),
				argumentSet("baggage over 8192 characters is not forwarded and the request succeeds",
						lines("traceparent", VALID, "baggage", "big=" + "b".repeat(20 * 1024)),
						continued(null, "baggage-oversized")));
	}

	@ParameterizedTest
	@MethodSource("rows")
	void incomingHeadersAndWhatTheDownstreamServerReceives(List<Header> headers, Expect expect) throws Exception {
		CounterSnapshot before = CounterSnapshot.of(this.counters);
		RawHttp.Response response = RawHttp.get(this.port, "/hello?client=builder-rest-client", headers);
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		CounterSnapshot after = CounterSnapshot.of(this.counters);

		Received received = downstream.lastFor("/from-builder-rest-client");
		assertThat(received.lines("traceparent")).singleElement().asString().matches(OUTGOING);
		Matcher outgoing = OUTGOING.matcher(received.lines("traceparent").get(0));
		assertThat(outgoing.matches()).isTrue();
		if (expect.trace() == Trace.CONTINUED) {
			assertThat(outgoing.group(1)).as("trace id").isEqualTo(TRACE_ID);
			assertThat(outgoing.group(2)).as("parent id").isNotEqualTo(SPAN_ID);
			assertThat(after.continued() - before.continued()).as("accepted").isEqualTo(1);
		}
		else {
			assertThat(outgoing.group(1)).as("trace id").isNotEqualTo(TRACE_ID);
			assertThat(after.continued() - before.continued()).as("accepted").isZero();
		}
		if (expect.flags() != null) {
			assertThat(outgoing.group(3)).as("trace-flags").isEqualTo(expect.flags());
		}
		if (expect.tracestate() == null) {
			assertThat(received.lines("tracestate")).as("tracestate").isEmpty();
		}
		else {
			assertThat(received.lines("tracestate")).as("tracestate").containsExactly(expect.tracestate());
		}
		if (expect.reason() != null && expect.reason().startsWith("baggage")) {
			assertThat(received.lines("baggage")).as("baggage").isEmpty();
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
