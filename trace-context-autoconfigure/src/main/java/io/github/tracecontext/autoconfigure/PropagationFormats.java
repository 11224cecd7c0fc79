package io.github.tracecontext.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties.Propagation.PropagationType;
import org.springframework.core.env.Environment;

/**
 * The trace formats Spring Boot writes and reads, taken from its own
 * {@link TracingProperties} ({@code management.tracing.propagation.*}) so that its
 * defaults, its relaxed names and its rule that {@code type} replaces both
 * {@code produce} and {@code consume} are never restated here.
 *
 * @param produced the names of the formats written on outgoing calls
 * @param consumed the names of the formats read from incoming requests
 */
record PropagationFormats(List<String> produced, List<String> consumed) {

	/**
	 * The formats of Spring Boot's {@link TracingProperties} bean, or, where it does not
	 * define one (tracing export switched off), bound from the environment the same way.
	 * @param tracingProperties Spring Boot's bean, if any
	 * @param environment the environment
	 * @return the formats
	 */
	static PropagationFormats of(@Nullable TracingProperties tracingProperties, Environment environment) {
		TracingProperties.Propagation propagation = (tracingProperties != null) ? tracingProperties.getPropagation()
				: Binder.get(environment)
					.bindOrCreate("management.tracing.propagation", TracingProperties.Propagation.class);
		List<PropagationType> type = propagation.getType();
		return new PropagationFormats(names((type != null) ? type : propagation.getProduce()),
				names((type != null) ? type : propagation.getConsume()));
	}

	boolean consumesW3c() {
		return this.consumed.contains(PropagationType.W3C.name());
	}

	private static List<String> names(List<PropagationType> types) {
		return types.stream().map(PropagationType::name).toList();
	}

}
