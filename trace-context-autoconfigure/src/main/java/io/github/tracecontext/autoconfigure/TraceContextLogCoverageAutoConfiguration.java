package io.github.tracecontext.autoconfigure;

import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import io.github.tracecontext.logging.TraceIdCoverageFilter;
import io.github.tracecontext.logging.TraceIdCoverageRegistrar;
import io.github.tracecontext.logging.LogCoverage;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Counts the application's log lines with and without a trace id, so that context lost on
 * the way to another thread shows in the endpoint. Logback only.
 */
@AutoConfiguration(after = TraceContextAutoConfiguration.class)
@ConditionalOnClass(LoggerContext.class)
@ConditionalOnBean(LogCoverage.class)
@ConditionalOnBooleanProperty(name = "trace-context.mdc.coverage.enabled", matchIfMissing = true)
public final class TraceContextLogCoverageAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceIdCoverageRegistrar traceContextLogCoverageRegistrar(TraceContextProperties properties, LogCoverage coverage,
			BeanFactory beanFactory, Environment environment) {
		List<String> packages = properties.getMdc().getCoverage().getPackages();
		if (packages.isEmpty() && AutoConfigurationPackages.has(beanFactory)) {
			packages = AutoConfigurationPackages.get(beanFactory);
		}
		return new TraceIdCoverageRegistrar(
				new TraceIdCoverageFilter(MdcKeys.of(properties, environment).traceId(), packages, coverage));
	}

}
