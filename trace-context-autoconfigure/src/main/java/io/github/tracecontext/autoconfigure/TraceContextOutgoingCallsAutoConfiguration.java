package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.client.AllowedHosts;
import io.github.tracecontext.client.OutgoingCalls;
import io.github.tracecontext.client.PropagationCountingInterceptor;
import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.stats.PropagationCounters;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

/**
 * What the {@code RestTemplate}, {@code RestClient} and {@code WebClient} integrations
 * share: {@link OutgoingCalls}, which counts calls that left with or without trace
 * headers and keeps those headers from hosts outside
 * {@code trace-context.outgoing.allowed-hosts}, and the counting interceptor of the two
 * blocking clients.
 */
@AutoConfiguration(after = TraceContextAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnClass({ ObservationRegistry.class, HttpHeaders.class })
@ConditionalOnBean({ ObservationRegistry.class, PropagationCounters.class })
public final class TraceContextOutgoingCallsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OutgoingCalls traceContextOutgoingCalls(PropagationCounters counters, ObjectProvider<Propagator> propagator,
			TraceContextProperties properties, ObjectProvider<CorrelationIds> correlationIds) {
		CorrelationIds forwarded = properties.getCorrelation().isForward() ? correlationIds.getIfAvailable() : null;
		return new OutgoingCalls(counters, propagator.getIfAvailable(() -> Propagator.NOOP).fields(),
				AllowedHosts.of(properties.getOutgoing().getAllowedHosts()), forwarded);
	}

	@Bean
	@ConditionalOnMissingBean
	PropagationCountingInterceptor traceContextPropagationCountingInterceptor(OutgoingCalls calls) {
		return new PropagationCountingInterceptor(calls);
	}

}
