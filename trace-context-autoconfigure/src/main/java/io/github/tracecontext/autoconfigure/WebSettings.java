package io.github.tracecontext.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.web.TraceResponseHeaders;

import org.springframework.core.env.Environment;

/**
 * The web settings the servlet and reactive integrations share.
 */
final class WebSettings {

	private WebSettings() {
	}

	static ExcludedPaths excludedPaths(TraceContextProperties properties, Environment environment) {
		List<String> patterns = new ArrayList<>(properties.getWeb().getExcludedPaths());
		String actuator = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		if (properties.getWeb().isExcludeActuator() && actuator.length() > 1) {
			patterns.add(actuator + "/**");
		}
		return new ExcludedPaths(patterns);
	}

	static TraceResponseHeaders responseHeaders(TraceContextProperties properties) {
		TraceContextProperties.Response response = properties.getWeb().getResponse();
		return new TraceResponseHeaders(response.isTraceresponse(),
				response.getTraceIdHeader().isEnabled() ? response.getTraceIdHeader().getName() : null);
	}

}
