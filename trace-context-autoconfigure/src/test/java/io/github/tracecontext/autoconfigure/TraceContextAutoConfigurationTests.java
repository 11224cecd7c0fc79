package io.github.tracecontext.autoconfigure;

import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.stats.PropagationCounters;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceContextAutoConfiguration}.
 */
class TraceContextAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class));

	@Test
	void providesCountersComponentsAndPropertiesByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(PropagationCounters.class).hasBean("traceContextPropagationCounters");
			assertThat(context).hasSingleBean(InstrumentedComponents.class)
				.hasBean("traceContextInstrumentedComponents");
			assertThat(context).hasSingleBean(TraceContextProperties.class);
		});
	}

	@Test
	void bindsProperties() {
		this.contextRunner
			.withPropertyValues("trace-context.mdc.trace-id-key=myTrace", "trace-context.mdc.span-id-key=mySpan",
					"trace-context.web.excluded-paths=/a/**,/b", "trace-context.web.response.traceresponse=false",
					"trace-context.async.enabled=false")
			.run((context) -> {
				TraceContextProperties properties = context.getBean(TraceContextProperties.class);
				assertThat(properties.getMdc().getTraceIdKey()).isEqualTo("myTrace");
				assertThat(properties.getMdc().getSpanIdKey()).isEqualTo("mySpan");
				assertThat(properties.getWeb().getExcludedPaths()).containsExactly("/a/**", "/b");
				assertThat(properties.getWeb().getResponse().isTraceresponse()).isFalse();
				assertThat(properties.getAsync().isEnabled()).isFalse();
			});
	}

	@Test
	void providesNothingWhenDisabled() {
		this.contextRunner.withPropertyValues("trace-context.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(PropagationCounters.class);
			assertThat(context).doesNotHaveBean(InstrumentedComponents.class);
			assertThat(context).doesNotHaveBean(TraceContextProperties.class);
		});
	}

	@Test
	void backsOffForUserDefinedPropagationCounters() {
		this.contextRunner.withUserConfiguration(UserCountersConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PropagationCounters.class);
			assertThat(context).hasBean("userCounters").doesNotHaveBean("traceContextPropagationCounters");
			assertThat(context.getBean(PropagationCounters.class))
				.isSameAs(context.getBean(UserCountersConfiguration.class).counters);
			// the other bean is still provided
			assertThat(context).hasSingleBean(InstrumentedComponents.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCountersConfiguration {

		final PropagationCounters counters = new PropagationCounters();

		@Bean
		PropagationCounters userCounters() {
			return this.counters;
		}

	}

}
