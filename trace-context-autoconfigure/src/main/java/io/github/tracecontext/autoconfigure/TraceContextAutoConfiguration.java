package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.stats.LogCoverage;
import io.github.tracecontext.stats.PropagationCounters;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The starter's core: its properties, propagation counters and the inventory of
 * instrumented components that every integration reports to.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "trace-context.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TraceContextProperties.class)
public final class TraceContextAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PropagationCounters traceContextPropagationCounters() {
		return new PropagationCounters();
	}

	@Bean
	@ConditionalOnMissingBean
	LogCoverage traceContextLogCoverage() {
		return new LogCoverage();
	}

	@Bean
	@ConditionalOnMissingBean
	InstrumentedComponents traceContextInstrumentedComponents() {
		return new InstrumentedComponents();
	}

}
