/**
 * Counters and the inventory of instrumented components that the endpoint reports.
 */
@NullMarked
package io.github.tracecontext.stats;

import org.jspecify.annotations.NullMarked;
