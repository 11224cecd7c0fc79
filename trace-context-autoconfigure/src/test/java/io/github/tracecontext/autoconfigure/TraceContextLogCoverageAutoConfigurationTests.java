package io.github.tracecontext.autoconfigure;

import java.time.Duration;

import io.github.tracecontext.logging.TraceIdCoverageRegistrar;
import io.github.tracecontext.logging.LogCoverage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceContextLogCoverageAutoConfiguration}: lines are counted as traced
 * when the MDC holds the trace id under the key in effect.
 */
class TraceContextLogCoverageAutoConfigurationTests {

	private static final String PACKAGE = "io.github.tracecontext.coveragetest";

	private static final Logger logger = LoggerFactory.getLogger(PACKAGE + ".Service");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class,
				TraceContextLogCoverageAutoConfiguration.class))
		.withPropertyValues("trace-context.mdc.coverage.packages=" + PACKAGE);

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void providesTheRegistrar() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TraceIdCoverageRegistrar.class));
	}

	@Test
	void absentWhenSwitchedOff() {
		this.contextRunner.withPropertyValues("trace-context.mdc.coverage.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceIdCoverageRegistrar.class));
	}

	@Test
	void countsLinesWithTheTraceIdUnderTheDefaultKey() {
		this.contextRunner.run(countsAsTracedOnlyUnder("traceId"));
	}

	@Test
	void countsLinesWithTheTraceIdUnderSpringBootsKeyWhenOnlyItIsSet() {
		this.contextRunner.withPropertyValues("management.tracing.mdc.trace-id-key=bootTrace")
			.run(countsAsTracedOnlyUnder("bootTrace"));
	}

	@Test
	void countsLinesWithTheTraceIdUnderTheStartersKeyOverSpringBoots() {
		this.contextRunner
			.withPropertyValues("trace-context.mdc.trace-id-key=myTrace",
					"management.tracing.mdc.trace-id-key=bootTrace")
			.run(countsAsTracedOnlyUnder("myTrace"));
	}

	private static ContextConsumer<AssertableApplicationContext> countsAsTracedOnlyUnder(String key) {
		return (context) -> {
			assertThat(context).hasNotFailed();
			// the registrar attaches its filter to Logback when the application is ready
			context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
					context.getSourceApplicationContext(), Duration.ZERO));
			LogCoverage coverage = context.getBean(LogCoverage.class);
			// on a worker of an executor made in code: a line without a trace id there is
			// lost
			// (on main it would be outside any request, and not counted)
			Thread worker = new Thread(() -> {
				for (String other : new String[] { "traceId", "bootTrace", "myTrace" }) {
					if (!other.equals(key)) {
						MDC.put(other, "4bf92f3577b34da6a3ce929d0e0e4736");
					}
				}
				logger.warn("without the key in effect");
				MDC.put(key, "4bf92f3577b34da6a3ce929d0e0e4736");
				logger.warn("with the key in effect");
				MDC.clear();
			}, "pool-7-thread-1");
			worker.start();
			try {
				worker.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			assertThat(coverage.withoutTraceIdCount()).isEqualTo(1);
			assertThat(coverage.withTraceIdCount()).isEqualTo(1);
		};
	}

}
