package io.github.tracecontext.autoconfigure;

import io.micrometer.tracing.otel.bridge.Slf4JEventListener;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Puts the trace and span ids in the MDC under the configured key names. It provides the
 * {@link Slf4JEventListener} that Spring Boot would otherwise create with fixed names, so
 * there is still exactly one listener writing the MDC.
 */
@AutoConfiguration(before = OpenTelemetryTracingAutoConfiguration.class, after = TraceContextAutoConfiguration.class)
@ConditionalOnClass({ Slf4JEventListener.class, OpenTelemetryTracingAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "trace-context.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "trace-context.mdc.enabled", matchIfMissing = true)
public final class TraceContextLoggingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Slf4JEventListener otelSlf4JEventListener(TraceContextProperties properties) {
		TraceContextProperties.Mdc mdc = properties.getMdc();
		return new Slf4JEventListener(mdc.getTraceIdKey(), mdc.getSpanIdKey());
	}

}
