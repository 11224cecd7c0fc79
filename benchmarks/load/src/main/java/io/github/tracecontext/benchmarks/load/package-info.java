/**
 * The servlet application of the load run ({@code benchmarks/load/run.sh}) and
 * {@link Report}, which turns the run's raw figures into its table.
 */
package io.github.tracecontext.benchmarks.load;
