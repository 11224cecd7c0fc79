package io.github.tracecontext.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Switches on Spring Boot's own context propagation where it defaults to off:
 * <ul>
 * <li>{@code spring.task.execution.propagate-context=true}, so executors built by Boot,
 * {@code @Async} included, carry the submitter's context (unless
 * {@code trace-context.async.enabled=false});</li>
 * <li>{@code spring.reactor.context-propagation=auto}, so Reactor operators restore the
 * trace and the MDC on every thread (when Reactor is present, unless
 * {@code trace-context.web.reactive.enabled=false}).</li>
 * </ul>
 * Each value is a default only: it is added, in the lowest-precedence property source
 * {@value #PROPERTY_SOURCE_NAME}, when no other source sets the property, so any setting
 * of the application's wins (also {@code SpringApplication.setDefaultProperties}, which
 * Boot moves behind every other source after post-processing).
 * {@code trace-context.enabled=false} adds nothing.
 */
public class TraceContextDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source this post-processor adds. */
	public static final String PROPERTY_SOURCE_NAME = "traceContextDefaults";

	static final String PROPAGATE_CONTEXT = "spring.task.execution.propagate-context";

	static final String REACTOR_CONTEXT_PROPAGATION = "spring.reactor.context-propagation";

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Hooks",
			TraceContextDefaultsEnvironmentPostProcessor.class.getClassLoader());

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!isTrue(environment, "trace-context.enabled")) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (isTrue(environment, "trace-context.async.enabled") && !environment.containsProperty(PROPAGATE_CONTEXT)) {
			defaults.put(PROPAGATE_CONTEXT, "true");
		}
		if (REACTOR_PRESENT && isTrue(environment, "trace-context.web.reactive.enabled")
				&& !environment.containsProperty(REACTOR_CONTEXT_PROPAGATION)) {
			defaults.put(REACTOR_CONTEXT_PROPAGATION, "auto");
		}
		if (!defaults.isEmpty() && !environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		}
	}

	private static boolean isTrue(ConfigurableEnvironment environment, String property) {
		return environment.getProperty(property, Boolean.class, true);
	}

	@Override
	public int getOrder() {
		// After the config data post-processor, so trace-context.* from application.yml
		// is read.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
