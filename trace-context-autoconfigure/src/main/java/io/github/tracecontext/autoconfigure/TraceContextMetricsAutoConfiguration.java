package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.logging.LogCoverage;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.actuate.PropagationMeters;
import io.github.tracecontext.actuate.PropagationWindow;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code tracecontext.*} meters: a {@link MeterBinder} that every meter registry
 * Spring Boot configures binds, reading the starter's counters when the registry asks.
 */
@AutoConfiguration(after = TraceContextAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean({ PropagationCounters.class, LogCoverage.class })
public final class TraceContextMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PropagationMeters traceContextPropagationMeters(PropagationCounters counters, LogCoverage logCoverage,
			ObjectProvider<PropagationWindow> window, ObjectProvider<CorrelationIds> correlationIds) {
		return new PropagationMeters(counters, logCoverage, window.getIfAvailable(),
				correlationIds.getIfAvailable() != null);
	}

}
