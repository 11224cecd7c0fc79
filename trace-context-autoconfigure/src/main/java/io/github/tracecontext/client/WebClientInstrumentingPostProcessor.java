package io.github.tracecontext.client;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.tracecontext.stats.InstrumentedComponents;

import org.springframework.boot.webclient.observation.ObservationWebClientCustomizer;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Gives every {@link WebClient} bean Spring Boot's observation instrumentation, also
 * those made with {@code WebClient.create()} or {@code WebClient.builder()}, which Boot
 * leaves out. A {@code WebClient} is immutable, so such a bean is replaced by a
 * {@link WebClient#mutate() mutated} copy with the instrumentation added. Clients from
 * Boot's {@code WebClient.Builder} already carry it (the starter's
 * {@link PropagationCountingFilter} marks them) and are left as they are.
 */
public final class WebClientInstrumentingPostProcessor
		extends ClientInstrumentingPostProcessor<WebClient, ObservationWebClientCustomizer> {

	private final Supplier<PropagationCountingFilter> filter;

	public WebClientInstrumentingPostProcessor(Supplier<ObservationWebClientCustomizer> observation,
			Supplier<PropagationCountingFilter> filter, Supplier<InstrumentedComponents> components) {
		super(WebClient.class, "web-client", observation, components);
		this.filter = filter;
	}

	@Override
	Instrumented<WebClient> instrument(WebClient webClient, Supplier<ObservationWebClientCustomizer> observation) {
		WebClient.Builder builder = webClient.mutate();
		AtomicBoolean instrumented = new AtomicBoolean();
		builder.filters(
				(filters) -> instrumented.set(filters.stream().anyMatch(PropagationCountingFilter.class::isInstance)));
		if (instrumented.get()) {
			return new Instrumented<>(webClient, ClientInstrumentation.BOOT_BUILDER);
		}
		observation.get().customize(builder);
		builder.filter(this.filter.get());
		return new Instrumented<>(builder.build(), ClientInstrumentation.STARTER);
	}

}
