/**
 * Wiring only: one small auto-configuration per integration point, and the
 * {@code trace-context.*} properties.
 */
@NullMarked
package io.github.tracecontext.autoconfigure;

import org.jspecify.annotations.NullMarked;
