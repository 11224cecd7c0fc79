package io.github.tracecontext.web.reactive;

import io.github.tracecontext.web.ExcludedPaths;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Switches off the WebFlux server observation (and with it the span and the
 * {@code http.server.requests} meter) for excluded paths.
 */
public final class ReactiveExcludedPathsObservationPredicate implements ObservationPredicate {

	private final ExcludedPaths excludedPaths;

	public ReactiveExcludedPathsObservationPredicate(ExcludedPaths excludedPaths) {
		this.excludedPaths = excludedPaths;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		// The context's attributes are a read-only view of the exchange's: only the filter caches.
		return !(context instanceof ServerRequestObservationContext server && TraceContextWebFilter.isExcluded(
				server.getAttributes(), server.getCarrier().getPath().pathWithinApplication().value(),
				this.excludedPaths));
	}

}
