package io.github.tracecontext.web.servlet;

import java.io.IOException;
import java.util.Map;

import io.github.tracecontext.internal.Guard;
import io.github.tracecontext.logging.UntracedByDesign;
import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.web.TraceResponseHeaders;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Spring's {@link ServerHttpObservationFilter}, completed. It replaces the filter Spring
 * Boot registers (same type, so Boot backs off and the user's conventions still apply)
 * and adds:
 * <ul>
 * <li>the MDC of the request thread is restored to exactly what it was before the
 * request;</li>
 * <li>{@code traceresponse} (and optionally a trace id header) on the response;</li>
 * <li>the server span back in scope during the {@code ERROR} dispatch, so Boot's
 * {@code /error} handling logs with the request's trace id;</li>
 * <li>on excluded paths, lines logged without a trace are marked untraced by design (the
 * observation runs, for Boot's metrics, but makes no span: see
 * {@link io.github.tracecontext.web.ExcludedRequestTracing});</li>
 * <li>each request's incoming {@code traceparent} is counted by outcome.</li>
 * </ul>
 */
public class TraceContextObservationFilter extends ServerHttpObservationFilter {

	static final String EXCLUDED_ATTRIBUTE = TraceContextObservationFilter.class.getName() + ".excluded";

	private static final String TRACEPARENT = "traceparent";

	private final Tracer tracer;

	private final TraceResponseHeaders responseHeaders;

	private final ExcludedPaths excludedPaths;

	private final Guard headerGuard = new Guard(TraceContextObservationFilter.class, "writing response headers");

	public TraceContextObservationFilter(ObservationRegistry registry, ServerRequestObservationConvention convention,
			Tracer tracer, TraceResponseHeaders responseHeaders, ExcludedPaths excludedPaths) {
		super(registry, convention);
		this.tracer = tracer;
		this.responseHeaders = responseHeaders;
		this.excludedPaths = excludedPaths;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Map<String, String> mdcBefore = MDC.getCopyOfContextMap();
		try {
			boolean excluded = isExcluded(request, this.excludedPaths);
			if (request.getDispatcherType() == DispatcherType.ERROR) {
				doFilterErrorDispatch(request, response, chain, excluded);
			}
			else if (excluded) {
				filterUntracedByDesign(() -> super.doFilterInternal(request, response, chain));
			}
			else {
				super.doFilterInternal(request, response, chain);
			}
		}
		finally {
			restore(mdcBefore);
		}
	}

	@Override
	protected void onScopeOpened(Observation.Scope scope, HttpServletRequest request, HttpServletResponse response) {
		if (!Boolean.TRUE.equals(request.getAttribute(EXCLUDED_ATTRIBUTE))) {
			writeHeaders(this.tracer.currentSpan(), response);
		}
	}

	// The observation was stopped when the REQUEST dispatch ended; its span goes back in
	// scope
	// for the ERROR dispatch without a second observation (Boot's filter skips ERROR
	// entirely).
	private void doFilterErrorDispatch(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			boolean excluded) throws ServletException, IOException {
		// on an excluded path, the span is the caller's (if any): no response headers for
		// it
		Span span = findServerSpan(request);
		if (span != null && !excluded) {
			writeHeaders(span, response);
		}
		if (span != null) {
			try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
				filterError(request, response, chain, excluded);
			}
		}
		else {
			filterError(request, response, chain, excluded);
		}
	}

	private void filterError(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			boolean excluded) throws ServletException, IOException {
		if (excluded) {
			filterUntracedByDesign(() -> chain.doFilter(request, response));
		}
		else {
			chain.doFilter(request, response);
		}
	}

	// an excluded path: lines without a trace id (the caller sent none) are untraced by
	// design;
	// lines with the caller's trace id still count as such
	private void filterUntracedByDesign(FilterAction action) throws ServletException, IOException {
		boolean before = UntracedByDesign.enter();
		try {
			action.run();
		}
		finally {
			UntracedByDesign.exit(before);
		}
	}

	@FunctionalInterface
	private interface FilterAction {

		void run() throws ServletException, IOException;

	}

	private void writeHeaders(@Nullable Span span, HttpServletResponse response) {
		if (span != null && this.responseHeaders.isEnabled() && !response.isCommitted()) {
			this.headerGuard.run(() -> this.responseHeaders.write(span.context(), response::setHeader));
		}
	}

	private static @Nullable Span findServerSpan(HttpServletRequest request) {
		ServerRequestObservationContext context = findObservationContext(request).orElse(null);
		TracingContext tracing = (context != null) ? context.get(TracingContext.class) : null;
		return (tracing != null) ? tracing.getSpan() : null;
	}

	/**
	 * Whether a request's path is excluded, computed once per request and kept as a
	 * request attribute so that the observation predicate and the filter agree.
	 * @param request the request
	 * @param excludedPaths the patterns
	 * @return {@code true} if no span should be made for the request
	 */
	static boolean isExcluded(HttpServletRequest request, ExcludedPaths excludedPaths) {
		Object cached = request.getAttribute(EXCLUDED_ATTRIBUTE);
		if (cached instanceof Boolean excluded) {
			return excluded;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		boolean excluded = excludedPaths.matches(path);
		request.setAttribute(EXCLUDED_ATTRIBUTE, excluded);
		return excluded;
	}

	private static void restore(@Nullable Map<String, String> mdcBefore) {
		if (mdcBefore == null || mdcBefore.isEmpty()) {
			MDC.clear();
		}
		else {
			MDC.setContextMap(mdcBefore);
		}
	}

}
