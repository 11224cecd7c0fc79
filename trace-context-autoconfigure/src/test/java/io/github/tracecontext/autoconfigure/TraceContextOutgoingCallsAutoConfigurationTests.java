package io.github.tracecontext.autoconfigure;

import java.net.URI;
import java.util.List;

import io.github.tracecontext.client.AllowedHosts;
import io.github.tracecontext.client.OutgoingCalls;
import io.github.tracecontext.client.PropagationCountingInterceptor;
import io.github.tracecontext.stats.PropagationCounters;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceContextOutgoingCallsAutoConfiguration}.
 */
class TraceContextOutgoingCallsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				TraceContextAutoConfiguration.class, TraceContextOutgoingCallsAutoConfiguration.class));

	@Test
	void providesOutgoingCallsAndCountingInterceptor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(OutgoingCalls.class).hasBean("traceContextOutgoingCalls");
			assertThat(context).hasSingleBean(PropagationCountingInterceptor.class)
				.hasBean("traceContextPropagationCountingInterceptor");
		});
	}

	@Test
	void allowsEveryHostByDefault() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(OutgoingCalls.class).allows(URI.create("http://anywhere.example.org/orders")))
			.isTrue());
	}

	@Test
	void keepsTraceHeadersFromHostsOutsideAllowedHosts() {
		this.contextRunner.withPropertyValues("trace-context.outgoing.allowed-hosts=*.example.com").run((context) -> {
			OutgoingCalls calls = context.getBean(OutgoingCalls.class);
			assertThat(calls.allows(URI.create("http://orders.example.com/orders"))).isTrue();
			assertThat(calls.allows(URI.create("http://example.org/orders"))).isFalse();
		});
	}

	@Test
	void forwardsCorrelationIdWhenCorrelationIsEnabled() {
		this.contextRunner.withPropertyValues("trace-context.correlation.enabled=true")
			.run((context) -> assertThat(context.getBean(OutgoingCalls.class).forwardsCorrelation()).isTrue());
	}

	@Test
	void doesNotForwardCorrelationIdWhenForwardingIsSwitchedOff() {
		this.contextRunner
			.withPropertyValues("trace-context.correlation.enabled=true", "trace-context.correlation.forward=false")
			.run((context) -> assertThat(context.getBean(OutgoingCalls.class).forwardsCorrelation()).isFalse());
	}

	@Test
	void backsOffWhenUserDefinesOutgoingCalls() {
		this.contextRunner.withUserConfiguration(UserOutgoingCallsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(OutgoingCalls.class);
			assertThat(context).doesNotHaveBean("traceContextOutgoingCalls");
			assertThat(context.getBean(OutgoingCalls.class)).isSameAs(context.getBean("userOutgoingCalls"));
			assertThat(context).hasSingleBean(PropagationCountingInterceptor.class);
		});
	}

	@Test
	void presentWithoutSpringBootClientModules() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.restclient",
					"org.springframework.boot.webclient"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(OutgoingCalls.class);
				assertThat(context).hasSingleBean(PropagationCountingInterceptor.class);
			});
	}

	@Test
	void doesNothingWhenStarterIsDisabled() {
		this.contextRunner.withPropertyValues("trace-context.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(OutgoingCalls.class);
			assertThat(context).doesNotHaveBean(PropagationCountingInterceptor.class);
		});
	}

	@Test
	void doesNothingWithoutObservationRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TraceContextAutoConfiguration.class,
					TraceContextOutgoingCallsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(OutgoingCalls.class);
				assertThat(context).doesNotHaveBean(PropagationCountingInterceptor.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserOutgoingCallsConfiguration {

		@Bean
		OutgoingCalls userOutgoingCalls(PropagationCounters counters) {
			return new OutgoingCalls(counters, List.of("traceparent"), AllowedHosts.ALL);
		}

	}

}
