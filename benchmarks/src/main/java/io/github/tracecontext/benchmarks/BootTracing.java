package io.github.tracecontext.benchmarks;

import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Tracing as an application has it: a non-web Spring Boot context with Boot's
 * auto-configuration and the starter (OpenTelemetry-bridged {@link Tracer}, the
 * {@link ObservationRegistry} with Boot's tracing handlers, the MDC listeners, the
 * starter's accessors in the global {@code ContextRegistry}), sampling everything and
 * exporting nothing. {@link #enter()} leaves the calling thread as a request thread is
 * inside Spring's observation filter: an observation with its span in scope, and the MDC
 * holding the trace keys plus one application key.
 */
final class BootTracing implements AutoCloseable {

	/** An MDC key the application put, carried next to the trace keys. */
	static final String USER_KEY = "user";

	private final ConfigurableApplicationContext context;

	private @Nullable Observation observation;

	private Observation.@Nullable Scope scope;

	private BootTracing(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static BootTracing start() {
		SpringApplication application = new SpringApplication(Config.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("spring.main.banner-mode", "off", "logging.level.root", "warn",
				"management.tracing.sampling.probability", "1.0", "spring.application.name", "bench"));
		return new BootTracing(application.run());
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	Tracer tracer() {
		return bean(Tracer.class);
	}

	ObservationRegistry observations() {
		return bean(ObservationRegistry.class);
	}

	/**
	 * Start an observation on this thread and open its scope, then put one application
	 * key in the MDC.
	 * @return the trace id of the observation's span
	 */
	String enter() {
		this.observation = Observation.start("bench.request", observations());
		this.scope = this.observation.openScope();
		MDC.put(USER_KEY, "alice");
		Span span = tracer().currentSpan();
		if (span == null || !span.context().traceId().equals(MDC.get("traceId"))) {
			throw new IllegalStateException(
					"no span in scope, or no trace id in the MDC: " + span + " " + MDC.getCopyOfContextMap());
		}
		return span.context().traceId();
	}

	/**
	 * Close the scope {@link #enter()} opened and take the application key out of the
	 * MDC, leaving the observation running: the thread is clean again, while tasks
	 * captured in the scope can still open it.
	 */
	void leave() {
		MDC.remove(USER_KEY);
		if (this.scope != null) {
			this.scope.close();
			this.scope = null;
		}
	}

	void exit() {
		leave();
		if (this.observation != null) {
			this.observation.stop();
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

	}

}
