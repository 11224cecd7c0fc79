package io.github.tracecontext.web.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Makes a request's incoming trace context current without creating a span: used for
 * excluded paths, which get no server observation (and so no extraction by Spring Boot)
 * but must still log with, and pass on, the caller's context.
 */
@FunctionalInterface
public interface RemoteContextScopes {

	/** A scope with nothing to close. */
	Scope NOTHING = () -> {
	};

	/** Opens nothing: for tracers the starter cannot extract with. */
	RemoteContextScopes NONE = (request) -> NOTHING;

	/**
	 * Extract the request's context and make it current.
	 * @param request the request
	 * @return the scope to close when the request leaves, restoring the previous context
	 */
	Scope open(HttpServletRequest request);

	/**
	 * A scope that closes without checked exceptions.
	 */
	@FunctionalInterface
	interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
