/**
 * Recently finished spans kept in memory, bounded in count and size, for the
 * {@code tracecontext} endpoint's trace view.
 */
@NullMarked
package io.github.tracecontext.traces;

import org.jspecify.annotations.NullMarked;
