/**
 * Pieces the servlet and WebFlux integrations share: path exclusion (with the tracing of
 * excluded requests) and response headers.
 */
@NullMarked
package io.github.tracecontext.web;

import org.jspecify.annotations.NullMarked;
