package io.github.tracecontext.autoconfigure;

import io.micrometer.tracing.otel.bridge.Slf4JEventListener;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Puts the trace and span ids in the MDC under the configured key names
 * ({@code trace-context.mdc.*}, else {@code management.tracing.mdc.*} of newer Spring
 * Boot versions). It provides the {@link Slf4JEventListener} that Spring Boot would
 * otherwise create with its own names, so there is still exactly one listener writing the
 * MDC.
 */
@AutoConfiguration(before = OpenTelemetryTracingAutoConfiguration.class, after = TraceContextAutoConfiguration.class)
@ConditionalOnClass({ Slf4JEventListener.class, OpenTelemetryTracingAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "trace-context.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "trace-context.mdc.enabled", matchIfMissing = true)
public final class TraceContextLoggingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Slf4JEventListener otelSlf4JEventListener(TraceContextProperties properties, Environment environment) {
		MdcKeys keys = MdcKeys.of(properties, environment);
		return new Slf4JEventListener(keys.traceId(), keys.spanId());
	}

}
