package io.github.tracecontext.web.servlet;

import io.github.tracecontext.web.ExcludedPaths;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Switches off the servlet server observation (and with it the span and the
 * {@code http.server.requests} meter) for excluded paths. Spring Boot registers every
 * {@link ObservationPredicate} bean with the observation registry.
 */
public final class ExcludedPathsObservationPredicate implements ObservationPredicate {

	private final ExcludedPaths excludedPaths;

	public ExcludedPathsObservationPredicate(ExcludedPaths excludedPaths) {
		this.excludedPaths = excludedPaths;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		return !(context instanceof ServerRequestObservationContext server
				&& TraceContextObservationFilter.isExcluded(server.getCarrier(), this.excludedPaths));
	}

}
