package io.github.tracecontext.client;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.tracecontext.stats.InstrumentedComponents;

import org.springframework.boot.restclient.observation.ObservationRestClientCustomizer;
import org.springframework.web.client.RestClient;

/**
 * Gives every {@link RestClient} bean Spring Boot's observation instrumentation, also
 * those made with {@code RestClient.create()} or {@code RestClient.builder()}, which Boot
 * leaves out. A {@code RestClient} is immutable, so such a bean is replaced by a
 * {@link RestClient#mutate() mutated} copy with the instrumentation added. Clients from
 * Boot's {@code RestClient.Builder} already carry it (the starter's
 * {@link PropagationCountingInterceptor} marks them) and are left as they are.
 */
public final class RestClientInstrumentingPostProcessor
		extends ClientInstrumentingPostProcessor<RestClient, ObservationRestClientCustomizer> {

	private final Supplier<PropagationCountingInterceptor> interceptor;

	public RestClientInstrumentingPostProcessor(Supplier<ObservationRestClientCustomizer> observation,
			Supplier<PropagationCountingInterceptor> interceptor, Supplier<InstrumentedComponents> components) {
		super(RestClient.class, "rest-client", observation, components);
		this.interceptor = interceptor;
	}

	@Override
	Instrumented<RestClient> instrument(RestClient restClient, Supplier<ObservationRestClientCustomizer> observation) {
		RestClient.Builder builder = restClient.mutate();
		AtomicBoolean instrumented = new AtomicBoolean();
		builder.requestInterceptors((interceptors) -> instrumented
			.set(interceptors.stream().anyMatch(PropagationCountingInterceptor.class::isInstance)));
		if (instrumented.get()) {
			return new Instrumented<>(restClient, ClientInstrumentation.BOOT_BUILDER);
		}
		observation.get().customize(builder);
		builder.requestInterceptor(this.interceptor.get());
		return new Instrumented<>(builder.build(), ClientInstrumentation.STARTER);
	}

}
