package io.github.tracecontext.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.github.tracecontext.stats.InstrumentedComponents;

import org.springframework.boot.restclient.observation.ObservationRestTemplateCustomizer;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestTemplate;

/**
 * Gives every {@link RestTemplate} bean Spring Boot's observation instrumentation (span
 * and header injection), also those made with {@code new RestTemplate()}, which Boot
 * leaves out. A template that already has an observation registry (for example one built
 * by Boot's {@code RestTemplateBuilder}) keeps it: it is never instrumented twice.
 */
public final class RestTemplateInstrumentingPostProcessor
		extends ClientInstrumentingPostProcessor<RestTemplate, ObservationRestTemplateCustomizer> {

	private final Supplier<PropagationCountingInterceptor> interceptor;

	public RestTemplateInstrumentingPostProcessor(Supplier<ObservationRestTemplateCustomizer> observation,
			Supplier<PropagationCountingInterceptor> interceptor, Supplier<InstrumentedComponents> components) {
		super(RestTemplate.class, "rest-template", observation, components);
		this.interceptor = interceptor;
	}

	@Override
	Instrumented<RestTemplate> instrument(RestTemplate restTemplate,
			Supplier<ObservationRestTemplateCustomizer> observation) {
		boolean counted = restTemplate.getInterceptors()
			.stream()
			.anyMatch(PropagationCountingInterceptor.class::isInstance);
		String how = counted ? ClientInstrumentation.BOOT_BUILDER : ClientInstrumentation.PRECONFIGURED;
		if (restTemplate.getObservationRegistry().isNoop()) {
			observation.get().customize(restTemplate);
			how = ClientInstrumentation.STARTER;
		}
		if (!counted) {
			List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(restTemplate.getInterceptors());
			interceptors.add(this.interceptor.get());
			restTemplate.setInterceptors(interceptors);
		}
		return new Instrumented<>(restTemplate, how);
	}

}
