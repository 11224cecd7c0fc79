package io.github.tracecontext.client;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.tracecontext.stats.InstrumentedComponents;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.restclient.observation.ObservationRestClientCustomizer;
import org.springframework.web.client.RestClient;

/**
 * Gives every {@link RestClient} bean Spring Boot's observation instrumentation, also those
 * made with {@code RestClient.create()} or {@code RestClient.builder()}, which Boot leaves
 * out. A {@code RestClient} is immutable, so such a bean is replaced by a
 * {@link RestClient#mutate() mutated} copy with the instrumentation added. Clients from
 * Boot's {@code RestClient.Builder} already carry it (the starter's
 * {@link PropagationCountingInterceptor} marks them) and are left as they are.
 */
public final class RestClientInstrumentingPostProcessor implements BeanPostProcessor {

	static final String KIND = "rest-client";

	private final Supplier<ObservationRestClientCustomizer> observation;

	private final Supplier<PropagationCountingInterceptor> interceptor;

	private final Supplier<InstrumentedComponents> components;

	public RestClientInstrumentingPostProcessor(Supplier<ObservationRestClientCustomizer> observation,
			Supplier<PropagationCountingInterceptor> interceptor, Supplier<InstrumentedComponents> components) {
		this.observation = observation;
		this.interceptor = interceptor;
		this.components = components;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof RestClient restClient)) {
			return bean;
		}
		RestClient.Builder builder = restClient.mutate();
		AtomicBoolean instrumented = new AtomicBoolean();
		builder.requestInterceptors((interceptors) -> instrumented
			.set(interceptors.stream().anyMatch(PropagationCountingInterceptor.class::isInstance)));
		if (instrumented.get()) {
			this.components.get().add(KIND, beanName, bean.getClass().getName(), ClientInstrumentation.BOOT_BUILDER);
			return bean;
		}
		this.observation.get().customize(builder);
		builder.requestInterceptor(this.interceptor.get());
		this.components.get().add(KIND, beanName, bean.getClass().getName(), ClientInstrumentation.STARTER);
		return builder.build();
	}

}
