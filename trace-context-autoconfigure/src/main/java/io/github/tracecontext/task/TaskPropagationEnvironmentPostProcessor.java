package io.github.tracecontext.task;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns on {@code spring.task.execution.propagate-context} (off in Spring Boot 4.1) so that
 * executors built by Boot, {@code @Async} included, carry the submitter's trace context.
 * The value goes in as the lowest-precedence property source: any setting of the user's
 * wins. {@code trace-context.async.enabled=false} or {@code trace-context.enabled=false}
 * leaves Boot's default alone.
 */
public class TaskPropagationEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source this post-processor adds. */
	public static final String PROPERTY_SOURCE_NAME = "traceContextDefaults";

	static final String PROPAGATE_CONTEXT = "spring.task.execution.propagate-context";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean enabled = environment.getProperty("trace-context.enabled", Boolean.class, true)
				&& environment.getProperty("trace-context.async.enabled", Boolean.class, true);
		if (enabled && !environment.containsProperty(PROPAGATE_CONTEXT)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(PROPAGATE_CONTEXT, "true")));
		}
	}

	@Override
	public int getOrder() {
		// After the config data post-processor, so trace-context.* from application.yml is read.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
