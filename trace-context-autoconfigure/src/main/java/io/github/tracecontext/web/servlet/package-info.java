/**
 * Servlet integration: the observation filter that adds MDC restore, response headers and path exclusion.
 */
@NullMarked
package io.github.tracecontext.web.servlet;

import org.jspecify.annotations.NullMarked;
