package io.github.tracecontext.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the bounds of {@link TraceContextProperties}: a value out of its range fails
 * start-up with a binding error that names the property and the range, never a silent
 * clamp.
 */
class TraceContextPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class));

	@Test
	void correlationMaxLengthAboveTheLimitFailsStartUp() {
		assertFailsNaming("trace-context.correlation.max-length=1025", "trace-context.correlation.max-length",
				"between 1 and 1024");
	}

	@Test
	void correlationMaxLengthBelowOneFailsStartUp() {
		assertFailsNaming("trace-context.correlation.max-length=0", "trace-context.correlation.max-length",
				"between 1 and 1024");
	}

	@Test
	void minLogCoverageAboveOneFailsStartUp() {
		assertFailsNaming("trace-context.health.min-log-coverage=1.5", "trace-context.health.min-log-coverage",
				"between 0 and 1");
	}

	@Test
	void negativeMinLogCoverageFailsStartUp() {
		assertFailsNaming("trace-context.health.min-log-coverage=-0.1", "trace-context.health.min-log-coverage",
				"between 0 and 1");
	}

	@Test
	void negativeMinLogLinesFailsStartUp() {
		assertFailsNaming("trace-context.health.min-log-lines=-1", "trace-context.health.min-log-lines", "at least 0");
	}

	@Test
	void maxSpansBelowOneFailsStartUp() {
		assertFailsNaming("trace-context.traces.max-spans=0", "trace-context.traces.max-spans", "at least 1");
	}

	@Test
	void maxBytesBelowOneByteFailsStartUp() {
		assertFailsNaming("trace-context.traces.max-bytes=0B", "trace-context.traces.max-bytes", "at least 1B");
	}

	@Test
	void everyOutOfRangeValueIsReportedAtOnce() {
		this.contextRunner
			.withPropertyValues("trace-context.correlation.max-length=5000", "trace-context.traces.max-spans=-3")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.contains("trace-context.correlation.max-length", "trace-context.traces.max-spans"));
	}

	@Test
	void valuesAtTheBoundsBind() {
		this.contextRunner
			.withPropertyValues("trace-context.correlation.max-length=1024", "trace-context.health.min-log-coverage=0",
					"trace-context.health.min-log-lines=0", "trace-context.traces.max-spans=1",
					"trace-context.traces.max-bytes=1B")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TraceContextProperties properties = context.getBean(TraceContextProperties.class);
				assertThat(properties.getCorrelation().getMaxLength()).isEqualTo(1024);
				assertThat(properties.getHealth().getMinLogCoverage()).isZero();
				assertThat(properties.getHealth().getMinLogLines()).isZero();
				assertThat(properties.getTraces().getMaxSpans()).isOne();
				assertThat(properties.getTraces().getMaxBytes()).isEqualTo(DataSize.ofBytes(1));
			});
		this.contextRunner
			.withPropertyValues("trace-context.correlation.max-length=1", "trace-context.health.min-log-coverage=1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TraceContextProperties properties = context.getBean(TraceContextProperties.class);
				assertThat(properties.getCorrelation().getMaxLength()).isOne();
				assertThat(properties.getHealth().getMinLogCoverage()).isOne();
			});
	}

	@Test
	void defaultsAreInRange() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
	}

	private void assertFailsNaming(String property, String key, String range) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure())).contains(key + " must be " + range);
		});
	}

	private static String messages(Throwable failure) {
		List<String> messages = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.add(String.valueOf(cause.getMessage()));
		}
		return String.join("\n", messages);
	}

}
