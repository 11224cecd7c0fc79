/**
 * The counters of what crossed the process boundary and the inventory of instrumented
 * beans, which every integration updates and {@code actuate} reads.
 */
@NullMarked
package io.github.tracecontext.stats;

import org.jspecify.annotations.NullMarked;
