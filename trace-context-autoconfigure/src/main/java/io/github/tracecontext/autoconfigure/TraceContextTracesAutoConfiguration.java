package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.actuate.TraceContextEndpoint;
import io.github.tracecontext.traces.RecentSpans;
import io.github.tracecontext.traces.RecentSpansProcessor;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Keeps recently finished spans for {@code /actuator/tracecontext/traces}: a
 * {@link SpanProcessor} bean, which Spring Boot adds to its tracer provider beside the
 * exporting one (its {@code SpanProcessors} bean collects every {@code SpanProcessor}
 * bean), so exporters (OTLP, Zipkin) are untouched and spans are kept also when
 * {@code management.tracing.export.enabled=false}. An application that defines its own
 * {@code SpanProcessors} bean has to list this processor there.
 * <p>
 * On by default, with small limits (1000 spans, 1 MB), but only while the
 * {@code tracecontext} endpoint is available (exposed over HTTP or JMX): it is the only
 * reader, so an application that does not expose it holds nothing. Like exporters it
 * keeps sampled spans only: with Spring Boot's default sampling probability (0.1), one
 * trace in ten.
 */
@AutoConfiguration(after = TraceContextAutoConfiguration.class)
@ConditionalOnClass({ OtelTracer.class, SdkTracerProvider.class, Endpoint.class })
@ConditionalOnBooleanProperty(name = "trace-context.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "trace-context.traces.enabled", matchIfMissing = true)
@ConditionalOnAvailableEndpoint(TraceContextEndpoint.class)
@EnableConfigurationProperties(TraceContextProperties.class)
public final class TraceContextTracesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RecentSpans traceContextRecentSpans(TraceContextProperties properties) {
		TraceContextProperties.Traces traces = properties.getTraces();
		return new RecentSpans(traces.getMaxSpans(), traces.getMaxBytes().toBytes());
	}

	@Bean
	@ConditionalOnMissingBean
	RecentSpansProcessor traceContextRecentSpansProcessor(RecentSpans recentSpans) {
		return new RecentSpansProcessor(recentSpans);
	}

}
