package io.github.tracecontext.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

/**
 * The convention Spring Boot's {@code RestTemplate} and {@code RestClient} observations
 * use: the application's own, or the default named by
 * {@code management.observations.http.client.requests.name}, so that clients the starter
 * instruments report like those Boot's builders made.
 */
final class ClientObservationConventions {

	private ClientObservationConventions() {
	}

	static ClientRequestObservationConvention of(ObjectProvider<ClientRequestObservationConvention> custom,
			ObjectProvider<ObservationProperties> properties) {
		return custom.getIfAvailable(() -> new DefaultClientRequestObservationConvention(
				properties.getObject().getHttp().getClient().getRequests().getName()));
	}

}
