/**
 * Log lines: which of the application's lines carry a trace id, and the kind of thread
 * those without one came from.
 */
@NullMarked
package io.github.tracecontext.logging;

import org.jspecify.annotations.NullMarked;
