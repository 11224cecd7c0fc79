package io.github.tracecontext.web.reactive;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.web.ExcludedRequestTracing;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * {@link ExcludedRequestTracing} for WebFlux requests.
 */
public final class ExcludedReactiveRequests {

	private static final TextMapGetter<ServerHttpRequest> GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(ServerHttpRequest carrier) {
			return carrier.getHeaders().headerNames();
		}

		@Override
		public @Nullable String get(@Nullable ServerHttpRequest carrier, String key) {
			return (carrier != null) ? carrier.getHeaders().getFirst(key) : null;
		}

		@Override
		public Iterator<String> getAll(@Nullable ServerHttpRequest carrier, String key) {
			List<String> values = (carrier != null) ? carrier.getHeaders().get(key) : null;
			return (values != null) ? values.iterator() : Collections.emptyIterator();
		}

	};

	private ExcludedReactiveRequests() {
	}

	/**
	 * The tracing handler of server observations on excluded paths.
	 * @param tracer the tracer
	 * @param propagator reads requests as on any other path, counting them as excluded
	 * @param excludedPaths the excluded paths
	 * @return the handler
	 */
	public static ExcludedRequestTracing<ServerHttpRequest> tracing(Tracer tracer, TextMapPropagator propagator,
			ExcludedPaths excludedPaths) {
		return new ExcludedRequestTracing<>(tracer, propagator,
				(context) -> (context instanceof ServerRequestObservationContext server && server.getCarrier() != null
						&& excludedPaths.matches(server.getCarrier().getPath().pathWithinApplication().value()))
								? server.getCarrier() : null,
				GETTER);
	}

}
