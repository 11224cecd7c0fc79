/**
 * Logging integration: how many log lines carry a trace id, and where those without one
 * come from.
 */
@NullMarked
package io.github.tracecontext.logging;

import org.jspecify.annotations.NullMarked;
