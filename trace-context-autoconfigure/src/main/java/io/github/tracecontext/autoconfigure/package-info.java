/**
 * Auto-configuration: one small class per integration point, and the {@code trace-context.*} properties.
 */
@NullMarked
package io.github.tracecontext.autoconfigure;

import org.jspecify.annotations.NullMarked;
