/**
 * Bounded load runs that measure what the starter costs next to Spring Boot's tracing
 * alone, and JMH benchmarks of its header reading. Not part of the default build: see
 * {@code benchmarks/README.md}.
 */
@NullMarked
package io.github.tracecontext.benchmarks;

import org.jspecify.annotations.NullMarked;
