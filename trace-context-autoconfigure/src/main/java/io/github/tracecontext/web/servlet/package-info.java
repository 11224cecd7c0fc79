/**
 * Servlet integration: the observation filter (MDC restore, response headers, the
 * {@code ERROR} dispatch) and the tracing of excluded requests from their
 * {@code HttpServletRequest}.
 */
@NullMarked
package io.github.tracecontext.web.servlet;

import org.jspecify.annotations.NullMarked;
