package io.github.tracecontext.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.tracecontext.propagation.CallerPolicy;
import io.github.tracecontext.propagation.IncomingListener;
import io.github.tracecontext.propagation.StrictTraceContextPropagator;
import io.github.tracecontext.propagation.AddressRanges;
import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.web.TraceResponseHeaders;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.github.tracecontext.propagation.WebCallerPolicy;

import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

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

	/**
	 * {@code trace-context.incoming.*} as a policy: trust everyone unless addresses or
	 * untrusted paths are configured.
	 */
	static CallerPolicy callerPolicy(TraceContextProperties.Incoming incoming) {
		if (incoming.getTrustedAddresses().isEmpty() && incoming.getUntrustedPaths().isEmpty()) {
			return CallerPolicy.TRUST_ALL;
		}
		if (!ClassUtils.isPresent("org.springframework.web.util.pattern.PathPatternParser",
				WebSettings.class.getClassLoader())) {
			return CallerPolicy.TRUST_ALL;
		}
		return new WebCallerPolicy(AddressRanges.of(incoming.getTrustedAddresses()),
				new ExcludedPaths(incoming.getUntrustedPaths())::matches);
	}

	/**
	 * How requests on excluded paths are read: as on any other path, but each counted
	 * once, as excluded (the starter's strict reader), or as the propagators configured
	 * read them.
	 */
	static TextMapPropagator excludedRequestsPropagator(ContextPropagators propagators, IncomingListener counters) {
		TextMapPropagator configured = propagators.getTextMapPropagator();
		return (configured instanceof StrictTraceContextPropagator strict)
				? strict.withListener(IncomingListener.excluded(counters)) : configured;
	}

}
