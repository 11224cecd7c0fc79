package io.github.tracecontext.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.web.TraceResponseHeaders;
import io.github.tracecontext.web.servlet.TraceContextObservationFilter;

/**
 * The starter's own work per servlet request. The starter's
 * {@link TraceContextObservationFilter} replaces the {@link ServerHttpObservationFilter}
 * Spring Boot registers (it is a subclass: Boot backs off), so its own cost is the
 * difference between the two on the same request:
 * <ul>
 * <li>{@code noFilter}: the trivial {@link FilterChain} alone (the harness's floor);</li>
 * <li>{@code bootObservationFilter}: Spring's {@link ServerHttpObservationFilter}, as
 * Boot registers it: a server observation whose span is in scope while the chain runs
 * (Boot's tracing handlers put the trace keys in the MDC);</li>
 * <li>{@code starterObservationFilter}: the starter's filter as its auto-configuration
 * makes it (defaults: {@code traceresponse} on, {@code /actuator/**} excluded): the same,
 * plus the MDC copy and restore, the excluded-path check and the {@code traceresponse}
 * header.</li>
 * </ul>
 * Both filters use the same {@link ObservationRegistry} and {@link Tracer} from a Spring
 * Boot context with the starter ({@link BootTracing}): the incoming {@code traceparent}
 * is read (and its outcome counted) by the same propagator in both, so that cost,
 * measured by {@link HeaderCheckBenchmark}, is not part of the difference. The request
 * and response are reused, their attributes and headers reset after each call (in every
 * variant).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class ServletFilterBenchmark {

	private static final FilterChain CHAIN = (request, response) -> {
	};

	private BootTracing tracing;

	private ServerHttpObservationFilter bootFilter;

	private TraceContextObservationFilter starterFilter;

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/hello");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.tracing = BootTracing.start();
		ObservationRegistry registry = this.tracing.observations();
		Tracer tracer = this.tracing.tracer();
		this.bootFilter = new ServerHttpObservationFilter(registry);
		this.starterFilter = new TraceContextObservationFilter(registry,
				new DefaultServerRequestObservationConvention("http.server.requests"), tracer,
				new TraceResponseHeaders(true, null), new ExcludedPaths(List.of("/actuator/**")));
		this.request.addHeader("traceparent", HeaderCheckBenchmark.VALID_TRACEPARENT);
		String[] seen = new String[2];
		FilterChain probe = (request, response) -> {
			Span span = tracer.currentSpan();
			seen[0] = (span != null) ? span.context().traceId() : "-";
			seen[1] = MDC.get("traceId");
		};
		this.bootFilter.doFilter(this.request, this.response, probe);
		check("bootObservationFilter", seen, false);
		this.starterFilter.doFilter(this.request, this.response, probe);
		check("starterObservationFilter", seen, true);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.tracing.close();
	}

	@Benchmark
	public Object noFilter() throws Exception {
		CHAIN.doFilter(this.request, this.response);
		return reset();
	}

	@Benchmark
	public Object bootObservationFilter() throws Exception {
		this.bootFilter.doFilter(this.request, this.response, CHAIN);
		return reset();
	}

	@Benchmark
	public Object starterObservationFilter() throws Exception {
		this.starterFilter.doFilter(this.request, this.response, CHAIN);
		return reset();
	}

	private Object reset() {
		this.request.clearAttributes();
		this.response.reset();
		return this.response;
	}

	// the request's trace continued, the span in scope and in the MDC, the MDC clean
	// afterwards,
	// traceresponse from the starter only
	private void check(String variant, String[] seen, boolean traceresponse) {
		String expectedTraceId = HeaderCheckBenchmark.VALID_TRACEPARENT.substring(3, 35);
		String header = this.response.getHeader(TraceResponseHeaders.TRACERESPONSE);
		Map<String, String> mdcAfter = MDC.getCopyOfContextMap();
		boolean ok = expectedTraceId.equals(seen[0]) && expectedTraceId.equals(seen[1])
				&& (mdcAfter == null || mdcAfter.isEmpty()) && (traceresponse == (header != null))
				&& (header == null || header.contains(expectedTraceId));
		if (!ok) {
			throw new IllegalStateException(variant + ": span " + seen[0] + ", MDC traceId " + seen[1]
					+ ", traceresponse " + header + ", MDC after " + MDC.getCopyOfContextMap());
		}
		reset();
	}

}
