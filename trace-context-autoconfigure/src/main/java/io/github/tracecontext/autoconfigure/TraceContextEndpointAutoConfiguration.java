package io.github.tracecontext.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.tracecontext.actuate.TraceContextEndpoint;
import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.logging.LogCoverage;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.actuate.PropagationWindow;
import io.github.tracecontext.traces.RecentSpans;
import io.github.tracecontext.web.ExcludedPaths;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The read-only {@code tracecontext} actuator endpoint.
 */
@AutoConfiguration(after = { TraceContextAutoConfiguration.class, TraceContextServletAutoConfiguration.class,
		TraceContextWebFluxAutoConfiguration.class, TraceContextRestTemplateAutoConfiguration.class,
		TraceContextRestClientAutoConfiguration.class, TraceContextWebClientAutoConfiguration.class,
		TraceContextLoggingAutoConfiguration.class, TraceContextTaskAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean({ PropagationCounters.class, InstrumentedComponents.class, LogCoverage.class })
@ConditionalOnAvailableEndpoint(TraceContextEndpoint.class)
public final class TraceContextEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceContextEndpoint traceContextEndpoint(TraceContextProperties properties, PropagationCounters counters,
			InstrumentedComponents components, LogCoverage logCoverage, ObjectProvider<ExcludedPaths> excludedPaths,
			ListableBeanFactory beanFactory, ConfigurableEnvironment environment,
			ObjectProvider<PropagationWindow> window, ObjectProvider<RecentSpans> recentSpans,
			ObjectProvider<TracingProperties> tracingProperties) {
		return new TraceContextEndpoint(
				settings(properties, excludedPaths, tracingProperties.getIfUnique(), environment),
				integrations(properties, beanFactory, environment), counters, components, logCoverage, environment,
				window.getIfAvailable(), recentSpans.getIfAvailable());
	}

	private static Map<String, Object> settings(TraceContextProperties properties,
			ObjectProvider<ExcludedPaths> excludedPaths, @Nullable TracingProperties tracingProperties,
			ConfigurableEnvironment environment) {
		Map<String, Object> settings = new LinkedHashMap<>();
		MdcKeys mdcKeys = MdcKeys.of(properties, environment);
		settings.put("mdc", Map.of("traceIdKey", mdcKeys.traceId(), "spanIdKey", mdcKeys.spanId()));
		TraceContextProperties.Response response = properties.getWeb().getResponse();
		Map<String, Object> web = new LinkedHashMap<>();
		web.put("excludedPaths", excludedPaths.stream().flatMap((paths) -> paths.patterns().stream()).toList());
		web.put("traceresponse", response.isTraceresponse());
		web.put("traceIdHeader", response.getTraceIdHeader().isEnabled() ? response.getTraceIdHeader().getName() : "");
		settings.put("web", web);
		PropagationFormats formats = PropagationFormats.of(tracingProperties, environment);
		Map<String, Object> propagation = new LinkedHashMap<>();
		propagation.put("produce", formats.produced());
		propagation.put("consume", formats.consumed());
		propagation.put("exportEnabled",
				environment.getProperty("management.tracing.export.enabled", Boolean.class, true));
		settings.put("propagation", propagation);
		TraceContextProperties.Correlation correlation = properties.getCorrelation();
		Map<String, Object> correlationSettings = new LinkedHashMap<>();
		correlationSettings.put("enabled", correlation.isEnabled());
		if (correlation.isEnabled()) {
			correlationSettings.put("header", correlation.getHeader());
			correlationSettings.put("mdcKey", correlation.getMdcKey());
			correlationSettings.put("generate", correlation.isGenerate());
			correlationSettings.put("echo", correlation.isEcho());
			correlationSettings.put("forward", correlation.isForward());
			correlationSettings.put("maxLength", correlation.getMaxLength());
		}
		settings.put("correlation", correlationSettings);
		return settings;
	}

	private static Map<String, Boolean> integrations(TraceContextProperties properties, ListableBeanFactory beanFactory,
			ConfigurableEnvironment environment) {
		Map<String, Boolean> integrations = new LinkedHashMap<>();
		integrations.put("servlet", beanFactory.containsBean("traceContextObservationFilter"));
		integrations.put("webflux", beanFactory.containsBean("traceContextWebFilter"));
		integrations.put("restTemplate", beanFactory.containsBean("traceContextRestTemplatePostProcessor"));
		integrations.put("restClient", beanFactory.containsBean("traceContextRestClientPostProcessor"));
		integrations.put("webClient", beanFactory.containsBean("traceContextWebClientPostProcessor"));
		integrations.put("async", beanFactory.containsBean("traceContextExecutorPostProcessor"));
		integrations.put("mdc", properties.getMdc().isEnabled() && beanFactory.containsBean("otelSlf4JEventListener"));
		return integrations;
	}

}
