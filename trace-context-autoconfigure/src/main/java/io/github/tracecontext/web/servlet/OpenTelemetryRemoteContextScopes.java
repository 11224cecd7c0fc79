package io.github.tracecontext.web.servlet;

import java.util.Collections;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * {@link RemoteContextScopes} through the OpenTelemetry {@link ContextPropagators} that
 * Spring Boot configures, so the same formats ({@code management.tracing.propagation.*}),
 * {@code tracestate} and baggage apply as on traced paths.
 */
public final class OpenTelemetryRemoteContextScopes implements RemoteContextScopes {

	private static final TextMapGetter<HttpServletRequest> GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(HttpServletRequest carrier) {
			return Collections.list(carrier.getHeaderNames());
		}

		@Override
		public @Nullable String get(@Nullable HttpServletRequest carrier, String key) {
			return (carrier != null) ? carrier.getHeader(key) : null;
		}

		@Override
		public java.util.Iterator<String> getAll(@Nullable HttpServletRequest carrier, String key) {
			return (carrier != null) ? carrier.getHeaders(key).asIterator() : Collections.emptyIterator();
		}

	};

	private final TextMapPropagator propagator;

	public OpenTelemetryRemoteContextScopes(ContextPropagators propagators) {
		this.propagator = propagators.getTextMapPropagator();
	}

	@Override
	public Scope open(HttpServletRequest request) {
		Context current = Context.current();
		Context extracted = this.propagator.extract(current, request, GETTER);
		if (extracted == current) {
			return NOTHING;
		}
		return extracted.makeCurrent()::close;
	}

}
