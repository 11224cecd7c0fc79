package io.github.tracecontext.autoconfigure;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The MDC key names in effect, for every part of the starter that writes or reads them.
 * Each is {@code trace-context.mdc.*} when the environment sets it; otherwise the
 * {@code management.tracing.mdc.*} key of the same meaning, which newer Spring Boot
 * versions have (4.1 has none), so that Boot's setting is followed; otherwise the
 * default. The bound properties cannot tell a value that was set from the default, hence
 * the environment.
 *
 * @param traceId the MDC key holding the trace id
 * @param spanId the MDC key holding the span id
 */
record MdcKeys(String traceId, String spanId) {

	static MdcKeys of(TraceContextProperties properties, Environment environment) {
		Binder binder = Binder.get(environment);
		TraceContextProperties.Mdc mdc = properties.getMdc();
		return new MdcKeys(key(binder, "trace-id-key", mdc.getTraceIdKey()),
				key(binder, "span-id-key", mdc.getSpanIdKey()));
	}

	private static String key(Binder binder, String name, String starters) {
		if (binder.bind("trace-context.mdc." + name, String.class).isBound()) {
			return starters;
		}
		String springBoots = binder.bind("management.tracing.mdc." + name, String.class).orElse("");
		return StringUtils.hasText(springBoots) ? springBoots : starters;
	}

}
