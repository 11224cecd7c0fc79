package io.github.tracecontext.propagation;

/**
 * Decides whether the caller of an incoming request may continue its trace here
 * ({@code trace-context.incoming.*}). A caller that may not gets a new trace with a span
 * link to its own, none of its sampling decision and only allowlisted baggage.
 */
@FunctionalInterface
public interface CallerPolicy {

	/** Every caller is trusted: the default. */
	CallerPolicy TRUST_ALL = (carrier) -> true;

	/**
	 * Whether the caller of a request is trusted.
	 * @param carrier the request as the propagator sees it (a servlet request, a reactive
	 * request, or another carrier the policy may not know: trusted then)
	 * @return {@code true} to continue the caller's trace
	 */
	boolean trusts(Object carrier);

}
