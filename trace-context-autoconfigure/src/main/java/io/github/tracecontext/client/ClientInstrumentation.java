package io.github.tracecontext.client;

/**
 * How a client bean came to be instrumented, as reported by the endpoint.
 */
final class ClientInstrumentation {

	/** Built from Spring Boot's builder, which applied the observation customizer. */
	static final String BOOT_BUILDER = "boot-builder";

	/**
	 * Made outside Boot's builders; the starter added Boot's observation instrumentation.
	 */
	static final String STARTER = "starter";

	/**
	 * Made outside Boot's builders but already given an observation registry by the user.
	 */
	static final String PRECONFIGURED = "preconfigured";

	private ClientInstrumentation() {
	}

}
