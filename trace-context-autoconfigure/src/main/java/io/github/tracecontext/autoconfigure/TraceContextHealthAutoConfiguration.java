package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.actuate.PropagationHealthIndicator;
import io.github.tracecontext.actuate.PropagationWindow;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * The {@code tracecontext} health contribution
 * ({@code management.health.tracecontext.enabled} switches it off). See
 * {@link PropagationHealthIndicator} for the status it reports.
 */
@AutoConfiguration(after = TraceContextAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(PropagationWindow.class)
@ConditionalOnEnabledHealthIndicator("tracecontext")
public final class TraceContextHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "tracecontextHealthIndicator")
	PropagationHealthIndicator tracecontextHealthIndicator(PropagationWindow window,
			TraceContextProperties properties) {
		TraceContextProperties.Health health = properties.getHealth();
		return new PropagationHealthIndicator(window, health.getMinLogCoverage(), health.getMinLogLines(),
				new Status(health.getDegradedStatus().trim().toUpperCase(java.util.Locale.ROOT)));
	}

}
