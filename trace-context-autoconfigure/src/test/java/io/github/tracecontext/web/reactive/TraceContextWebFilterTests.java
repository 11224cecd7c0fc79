package io.github.tracecontext.web.reactive;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.web.TraceResponseHeaders;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceContextWebFilter}, with mock exchanges and a real OpenTelemetry
 * span standing in for the one Spring's server observation makes.
 */
class TraceContextWebFilterTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_ID = "00f067aa0ba902b7";

	private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

	private static final ExcludedPaths EXCLUDED = new ExcludedPaths(List.of("/actuator/**"));

	private static SdkTracerProvider tracerProvider;

	private final TraceContextWebFilter filter = new TraceContextWebFilter(new TraceResponseHeaders(true, null),
			EXCLUDED);

	@BeforeAll
	static void createTracerProvider() {
		tracerProvider = SdkTracerProvider.builder().build();
	}

	@AfterAll
	static void closeTracerProvider() {
		tracerProvider.close();
	}

	@Test
	void writesTraceresponseOfServerSpanBeforeCommit() {
		Span span = span();
		MockServerWebExchange exchange = exchange("/orders", TRACEPARENT);
		observedBy(exchange, span);
		AtomicReference<String> headerInChain = new AtomicReference<>();
		this.filter.filter(exchange, (ex) -> {
			headerInChain.set(ex.getResponse().getHeaders().getFirst("traceresponse"));
			return ex.getResponse().setComplete();
		}).block();
		// not written before the response commits (the span may still change), but then
		assertThat(headerInChain).hasValue(null);
		assertThat(exchange.getResponse().getHeaders().getFirst("traceresponse"))
			// a trace started here: sampled, and its id random (Level 2 random-trace-id
			// flag)
			.isEqualTo("00-" + span.context().traceId() + "-" + span.context().spanId() + "-03");
	}

	@Test
	void writesTraceresponseWhenErrorIsTurnedIntoServerError() {
		Span span = span();
		MockServerWebExchange exchange = exchange("/orders", TRACEPARENT);
		observedBy(exchange, span);
		this.filter.filter(exchange, (ex) -> Mono.error(new IllegalStateException("boom"))).onErrorResume((ex) -> {
			// what an error handler does after the filter chain failed
			exchange.getResponse().setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
			return exchange.getResponse().setComplete();
		}).block();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(exchange.getResponse().getHeaders().getFirst("traceresponse"))
			.isEqualTo(TraceResponseHeaders.format(span.context()));
	}

	@Test
	void writesTraceIdHeaderWhenConfigured() {
		TraceContextWebFilter filter = new TraceContextWebFilter(new TraceResponseHeaders(false, "X-Trace-Id"),
				EXCLUDED);
		Span span = span();
		MockServerWebExchange exchange = exchange("/orders", null);
		observedBy(exchange, span);
		filter.filter(exchange, complete()).block();
		assertThat(exchange.getResponse().getHeaders().getFirst("X-Trace-Id")).isEqualTo(span.context().traceId());
		assertThat(exchange.getResponse().getHeaders().containsHeader("traceresponse")).isFalse();
	}

	@Test
	void writesNothingWhenResponseHeadersAreSwitchedOff() {
		TraceContextWebFilter filter = new TraceContextWebFilter(new TraceResponseHeaders(false, null), EXCLUDED);
		MockServerWebExchange exchange = exchange("/orders", TRACEPARENT);
		observedBy(exchange, span());
		filter.filter(exchange, complete()).block();
		assertThat(exchange.getResponse().getHeaders().containsHeader("traceresponse")).isFalse();
	}

	@Test
	void writesNothingWithoutServerObservation() {
		MockServerWebExchange exchange = exchange("/orders", TRACEPARENT);
		this.filter.filter(exchange, complete()).block();
		assertThat(exchange.getResponse().isCommitted()).isTrue();
		assertThat(exchange.getResponse().getHeaders().containsHeader("traceresponse")).isFalse();
	}

	@Test
	void writesNothingWhenServerObservationHasNoSpan() {
		MockServerWebExchange exchange = exchange("/orders", TRACEPARENT);
		ServerRequestObservationContext context = new ServerRequestObservationContext(exchange.getRequest(),
				exchange.getResponse(), exchange.getAttributes());
		exchange.getAttributes().put(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
		this.filter.filter(exchange, complete()).block();
		assertThat(exchange.getResponse().getHeaders().containsHeader("traceresponse")).isFalse();
	}

	@Test
	void writesNothingOnExcludedPaths() {
		MockServerWebExchange exchange = exchange("/actuator/health", TRACEPARENT);
		observedBy(exchange, span());
		this.filter.filter(exchange, complete()).block();
		assertThat(exchange.getResponse().isCommitted()).isTrue();
		assertThat(exchange.getResponse().getHeaders().containsHeader("traceresponse")).isFalse();
	}

	@Test
	void runsFirstInTheChain() {
		assertThat(this.filter.getOrder()).isEqualTo(Integer.MIN_VALUE);
	}

	private static MockServerWebExchange exchange(String path, String traceparent) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get(path);
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		return MockServerWebExchange.from(request);
	}

	private static Span span() {
		return OtelSpan.fromOtel(tracerProvider.get("test").spanBuilder("http get").startSpan());
	}

	// What Spring's HttpWebHandlerAdapter and the tracing handler leave on the exchange
	private static void observedBy(ServerWebExchange exchange, Span span) {
		ServerRequestObservationContext context = new ServerRequestObservationContext(exchange.getRequest(),
				exchange.getResponse(), exchange.getAttributes());
		TracingContext tracing = new TracingContext();
		tracing.setSpan(span);
		context.put(TracingContext.class, tracing);
		exchange.getAttributes().put(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
	}

	private static WebFilterChain complete() {
		return (exchange) -> exchange.getResponse().setComplete();
	}

}
