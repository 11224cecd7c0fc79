package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.actuate.PropagationHealthIndicator;
import io.github.tracecontext.actuate.PropagationMeters;
import io.github.tracecontext.actuate.PropagationWindow;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceContextMetricsAutoConfiguration} and
 * {@link TraceContextHealthAutoConfiguration}.
 */
class TraceContextMetricsAndHealthAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class,
				TraceContextMetricsAutoConfiguration.class, TraceContextHealthAutoConfiguration.class));

	@Test
	void providesWindowMetersAndHealthIndicatorNamedTracecontext() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(PropagationWindow.class);
			assertThat(context).hasSingleBean(PropagationMeters.class);
			assertThat(context).hasBean("tracecontextHealthIndicator");
			Health health = context.getBean(PropagationHealthIndicator.class).health(true);
			assertThat(health.getDetails()).containsEntry("judged", false);
		});
	}

	@Test
	void healthIndicatorFollowsBootsSwitchAndSettings() {
		this.contextRunner.withPropertyValues("management.health.tracecontext.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PropagationHealthIndicator.class));
		this.contextRunner
			.withPropertyValues("trace-context.health.min-log-coverage=0.5", "trace-context.health.min-log-lines=7",
					"trace-context.health.degraded-status=out_of_service")
			.run((context) -> assertThat(context.getBean(PropagationHealthIndicator.class))
				.hasFieldOrPropertyWithValue("minLogCoverage", 0.5)
				.hasFieldOrPropertyWithValue("minLogLines", 7L)
				.extracting("degradedStatus")
				.hasToString("OUT_OF_SERVICE"));
	}

	@Test
	void windowStopsTickingWhenTheContextCloses() {
		this.contextRunner.run((context) -> {
			PropagationWindow window = context.getBean(PropagationWindow.class);
			assertThat(window).extracting("ticker").isNotNull();
			context.close();
			assertThat(window).extracting("ticker").isNull();
		});
	}

	@Test
	void backsOffFromUserBeans() {
		this.contextRunner
			.withBean("myMeters", PropagationMeters.class,
					() -> new PropagationMeters(new io.github.tracecontext.stats.PropagationCounters(),
							new io.github.tracecontext.logging.LogCoverage(), null, false))
			.run((context) -> assertThat(context).getBeans(PropagationMeters.class).containsOnlyKeys("myMeters"));
	}

}
