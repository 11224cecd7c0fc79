package io.github.tracecontext.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.tracing.TraceContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link TraceResponseHeaders}.
 */
class TraceResponseHeadersTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN_ID = "00f067aa0ba902b7";

	@Test
	void formatsSampledContextWithFlags01() {
		assertThat(TraceResponseHeaders.format(context(true)))
			.isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
	}

	@Test
	void formatsUnsampledContextWithFlags00() {
		assertThat(TraceResponseHeaders.format(context(false)))
			.isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
	}

	@Test
	void formatsContextWithUnknownSamplingDecisionWithFlags00() {
		assertThat(TraceResponseHeaders.format(context(null)))
			.isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
	}

	@Test
	void writesOnlyTraceresponseByDefault() {
		TraceResponseHeaders headers = new TraceResponseHeaders(true, null);
		assertThat(headers.isEnabled()).isTrue();
		assertThat(write(headers, context(true)))
			.containsExactly(Map.entry("traceresponse", "00-" + TRACE_ID + "-" + SPAN_ID + "-01"));
	}

	@Test
	void writesTraceresponseAndTraceIdHeader() {
		TraceResponseHeaders headers = new TraceResponseHeaders(true, "X-Trace-Id");
		assertThat(write(headers, context(false))).containsExactly(
				Map.entry("traceresponse", "00-" + TRACE_ID + "-" + SPAN_ID + "-00"),
				Map.entry("X-Trace-Id", TRACE_ID));
	}

	@Test
	void writesOnlyTraceIdHeaderWhenTraceresponseIsOff() {
		TraceResponseHeaders headers = new TraceResponseHeaders(false, "X-Request-Trace");
		assertThat(headers.isEnabled()).isTrue();
		assertThat(write(headers, context(true))).containsExactly(Map.entry("X-Request-Trace", TRACE_ID));
	}

	@Test
	void writesNothingWhenBothAreOff() {
		TraceResponseHeaders headers = new TraceResponseHeaders(false, null);
		assertThat(headers.isEnabled()).isFalse();
		assertThat(write(headers, context(true))).isEmpty();
	}

	private static Map<String, String> write(TraceResponseHeaders headers, TraceContext context) {
		Map<String, String> written = new LinkedHashMap<>();
		headers.write(context, written::put);
		return written;
	}

	private static TraceContext context(Boolean sampled) {
		TraceContext context = mock(TraceContext.class);
		given(context.traceId()).willReturn(TRACE_ID);
		given(context.spanId()).willReturn(SPAN_ID);
		given(context.parentId()).willReturn("1111111111111111");
		given(context.sampled()).willReturn(sampled);
		return context;
	}

}
