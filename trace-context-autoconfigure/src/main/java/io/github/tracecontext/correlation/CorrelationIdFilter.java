package io.github.tracecontext.correlation;

import java.io.IOException;
import java.util.Enumeration;

import io.github.tracecontext.internal.Guard;
import io.github.tracecontext.propagation.CallerPolicy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The legacy correlation header on servlet requests
 * ({@code trace-context.correlation.*}): the id {@link CorrelationIds} picks is in the
 * MDC for the whole request (every dispatch, and executors through the MDC hand-off),
 * echoed on the response, and kept as a request attribute for the {@code ASYNC} and
 * {@code ERROR} dispatches. It runs before Spring's observation filter, so even that
 * filter's log lines carry the id, and the MDC key goes back to what it was when the
 * request leaves.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

	/** Request attribute holding the request's id (absent if it has none). */
	public static final String ATTRIBUTE = CorrelationIdFilter.class.getName() + ".id";

	private static final String RESOLVED_ATTRIBUTE = CorrelationIdFilter.class.getName() + ".resolved";

	private final CorrelationIds ids;

	private final CallerPolicy callerPolicy;

	private final boolean echo;

	private final Guard guard = new Guard(CorrelationIdFilter.class, "reading the correlation header");

	/**
	 * Create the filter.
	 * @param ids the correlation id policy
	 * @param callerPolicy which callers may set the id
	 * @param echo whether the id goes on the response
	 */
	public CorrelationIdFilter(CorrelationIds ids, CallerPolicy callerPolicy, boolean echo) {
		this.ids = ids;
		this.callerPolicy = callerPolicy;
		this.echo = echo;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = this.guard.get(() -> idOf(request), null);
		if (id == null) {
			chain.doFilter(request, response);
			return;
		}
		if (this.echo && !response.isCommitted()) {
			response.setHeader(this.ids.header(), id);
		}
		String previous = MDC.get(this.ids.mdcKey());
		MDC.put(this.ids.mdcKey(), id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (previous != null) {
				MDC.put(this.ids.mdcKey(), previous);
			}
			else {
				MDC.remove(this.ids.mdcKey());
			}
		}
	}

	// resolved once per request: later dispatches reuse the answer
	private @Nullable String idOf(HttpServletRequest request) {
		if (request.getAttribute(RESOLVED_ATTRIBUTE) != null) {
			return (String) request.getAttribute(ATTRIBUTE);
		}
		request.setAttribute(RESOLVED_ATTRIBUTE, Boolean.TRUE);
		Enumeration<String> lines = request.getHeaders(this.ids.header());
		String id = this.ids.resolve((lines != null) ? () -> lines.asIterator() : null,
				this.callerPolicy.trusts(request));
		if (id != null) {
			request.setAttribute(ATTRIBUTE, id);
		}
		return id;
	}

}
