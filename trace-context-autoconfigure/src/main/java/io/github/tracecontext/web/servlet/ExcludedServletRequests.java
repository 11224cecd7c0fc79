package io.github.tracecontext.web.servlet;

import java.util.Collections;
import java.util.Iterator;

import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.web.ExcludedRequestTracing;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * {@link ExcludedRequestTracing} for servlet requests.
 */
public final class ExcludedServletRequests {

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
		public Iterator<String> getAll(@Nullable HttpServletRequest carrier, String key) {
			return (carrier != null) ? carrier.getHeaders(key).asIterator() : Collections.emptyIterator();
		}

	};

	private ExcludedServletRequests() {
	}

	/**
	 * The tracing handler of server observations on excluded paths.
	 * @param tracer the tracer
	 * @param propagator reads requests as on any other path, counting them as excluded
	 * @param excludedPaths the excluded paths
	 * @return the handler
	 */
	public static ExcludedRequestTracing<HttpServletRequest> tracing(Tracer tracer, TextMapPropagator propagator,
			ExcludedPaths excludedPaths) {
		return new ExcludedRequestTracing<>(tracer, propagator,
				(context) -> (context instanceof ServerRequestObservationContext server && server.getCarrier() != null
						&& TraceContextObservationFilter.isExcluded(server.getCarrier(), excludedPaths))
								? server.getCarrier() : null,
				GETTER);
	}

}
