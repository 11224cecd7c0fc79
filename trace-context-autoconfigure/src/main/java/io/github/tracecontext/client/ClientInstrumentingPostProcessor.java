package io.github.tracecontext.client;

import java.util.function.Supplier;

import io.github.tracecontext.stats.InstrumentedComponents;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Shared shape of the client post-processors: find beans of one client type, instrument
 * them, and record in the inventory how each came to be instrumented.
 *
 * @param <C> the client type
 * @param <O> the type of Spring Boot's observation customizer for that client
 */
abstract class ClientInstrumentingPostProcessor<C, O> implements BeanPostProcessor {

	private final Class<C> clientType;

	private final String kind;

	private final Supplier<O> observation;

	private final Supplier<InstrumentedComponents> components;

	ClientInstrumentingPostProcessor(Class<C> clientType, String kind, Supplier<O> observation,
			Supplier<InstrumentedComponents> components) {
		this.clientType = clientType;
		this.kind = kind;
		this.observation = observation;
		this.components = components;
	}

	@Override
	public final Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!this.clientType.isInstance(bean)) {
			return bean;
		}
		Instrumented<C> result = instrument(this.clientType.cast(bean), this.observation);
		this.components.get().add(this.kind, beanName, bean.getClass().getName(), result.how());
		return result.client();
	}

	/**
	 * Instrument one client bean.
	 * @param client the bean
	 * @param observation Boot's observation customizer, created on first use
	 * @return the bean to expose (the same or a replacement) and how it is instrumented
	 */
	abstract Instrumented<C> instrument(C client, Supplier<O> observation);

	record Instrumented<C>(C client, String how) {
	}

}
