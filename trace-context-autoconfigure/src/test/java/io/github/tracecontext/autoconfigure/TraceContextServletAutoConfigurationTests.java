package io.github.tracecontext.autoconfigure;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.propagation.RequestOutcome;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.web.ExcludedRequestTracing;
import io.github.tracecontext.web.servlet.TraceContextObservationFilter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Span;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryEventPublisherBeansApplicationListener;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceContextServletAutoConfiguration}, next to Spring Boot's
 * {@link WebMvcObservationAutoConfiguration}.
 */
class TraceContextServletAutoConfigurationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, NoopTracerAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, TraceContextAutoConfiguration.class,
				TraceContextServletAutoConfiguration.class, WebMvcObservationAutoConfiguration.class));

	private final WebApplicationContextRunner openTelemetryContextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ObservationAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
						OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
						TraceContextAutoConfiguration.class, TraceContextPropagationAutoConfiguration.class,
						TraceContextServletAutoConfiguration.class, WebMvcObservationAutoConfiguration.class))
		.withInitializer(
				(context) -> context.addApplicationListener(new OpenTelemetryEventPublisherBeansApplicationListener()));

	@BeforeAll
	static void addContextStorageWrapper() {
		OpenTelemetryEventPublisherBeansApplicationListener.addWrapper();
	}

	@Test
	void replacesSpringBootObservationFilterRegistration() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			Map<String, FilterRegistrationBean<?>> registrations = observationFilterRegistrations(context);
			assertThat(registrations).containsOnlyKeys("traceContextObservationFilter");
			FilterRegistrationBean<?> registration = registrations.get("traceContextObservationFilter");
			assertThat(registration.getFilter()).isExactlyInstanceOf(TraceContextObservationFilter.class);
			assertThat(registration.determineDispatcherTypes())
				.isEqualTo(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
			assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE + 1);
			assertThat(context).doesNotHaveBean("webMvcObservationFilter");
		});
	}

	@Test
	void backsOffForUserDefinedFilterRegistration() {
		this.contextRunner.withUserConfiguration(UserFilterRegistrationConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Map<String, FilterRegistrationBean<?>> registrations = observationFilterRegistrations(context);
			assertThat(registrations).containsOnlyKeys("userObservationFilter");
			assertThat(registrations.get("userObservationFilter").getFilter())
				.isExactlyInstanceOf(ServerHttpObservationFilter.class);
			assertThat(context).doesNotHaveBean("traceContextObservationFilter");
			assertThat(context).doesNotHaveBean("webMvcObservationFilter");
		});
	}

	@Test
	void backsOffForUserDefinedFilterBean() {
		this.contextRunner.withUserConfiguration(UserFilterConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(observationFilterRegistrations(context)).isEmpty();
			assertThat(context).hasSingleBean(ServerHttpObservationFilter.class);
			assertThat(context).hasBean("userObservationFilter");
			assertThat(context.getBean(ServerHttpObservationFilter.class))
				.isNotInstanceOf(TraceContextObservationFilter.class);
		});
	}

	@Test
	void leavesSpringBootFilterWhenDisabledByProperty() {
		this.contextRunner.withPropertyValues("trace-context.web.servlet.enabled=false")
			.run(TraceContextServletAutoConfigurationTests::hasOnlySpringBootFilter);
	}

	@Test
	void leavesSpringBootFilterWhenStarterIsDisabled() {
		this.contextRunner.withPropertyValues("trace-context.enabled=false")
			.run(TraceContextServletAutoConfigurationTests::hasOnlySpringBootFilter);
	}

	@Test
	void doesNotApplyToNonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, NoopTracerAutoConfiguration.class,
							TraceContextAutoConfiguration.class, TraceContextServletAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(PropagationCounters.class);
				assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
				assertThat(context).doesNotHaveBean(ExcludedPaths.class);
				assertThat(context).doesNotHaveBean("traceContextExcludedRequestTracing");
			});
	}

	@Test
	void doesNotApplyWithoutServerHttpObservationFilter() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, NoopTracerAutoConfiguration.class,
							TraceContextAutoConfiguration.class, TraceContextServletAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ServerHttpObservationFilter.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(PropagationCounters.class);
				assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
				assertThat(context).doesNotHaveBean(ExcludedPaths.class);
			});
	}

	@Test
	void doesNotApplyWithoutObservationRegistry() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NoopTracerAutoConfiguration.class,
					TraceContextAutoConfiguration.class, TraceContextServletAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			});
	}

	@Test
	void excludesActuatorByDefault() {
		this.contextRunner.run((context) -> assertThat(excludedPatterns(context)).containsExactly("/actuator/**"));
	}

	@Test
	void excludedActuatorPathFollowsManagementBasePath() {
		this.contextRunner.withPropertyValues("management.endpoints.web.base-path=/manage").run((context) -> {
			assertThat(excludedPatterns(context)).containsExactly("/manage/**");
			assertThat(context.getBean(ExcludedPaths.class).matches("/manage/health")).isTrue();
			assertThat(context.getBean(ExcludedPaths.class).matches("/actuator/health")).isFalse();
		});
	}

	@Test
	void nothingIsExcludedWhenActuatorIsMappedAtTheRoot() {
		this.contextRunner.withPropertyValues("management.endpoints.web.base-path=/")
			.run((context) -> assertThat(excludedPatterns(context)).isEmpty());
	}

	@Test
	void actuatorExclusionCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("trace-context.web.exclude-actuator=false")
			.run((context) -> assertThat(excludedPatterns(context)).isEmpty());
	}

	@Test
	void excludedPathsCanBeExtended() {
		this.contextRunner.withPropertyValues("trace-context.web.excluded-paths=/ping,/static/**").run((context) -> {
			assertThat(excludedPatterns(context)).containsExactlyInAnyOrder("/ping", "/static/**", "/actuator/**");
			assertThat(context.getBean(ExcludedPaths.class).matches("/static/app.js")).isTrue();
		});
	}

	@Test
	void userExcludedPathsBeanWins() {
		this.contextRunner
			.withBean("traceContextExcludedPaths", ExcludedPaths.class, () -> new ExcludedPaths(List.of("/mine")))
			.run((context) -> assertThat(excludedPatterns(context)).containsExactly("/mine"));
	}

	@Test
	void excludedPathsKeepTheirServerObservationWhoseTracingTheStarterTakes() {
		this.openTelemetryContextRunner.run((context) -> {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			assertThat(serverObservation(registry, "/actuator/health").isNoop()).isFalse();
			assertThat(serverObservation(registry, "/orders").isNoop()).isFalse();
			ExcludedRequestTracing<?> tracing = context.getBean(ExcludedRequestTracing.class);
			assertThat(tracing.supportsContext(serverObservation(registry, "/actuator/health").getContext())).isTrue();
			assertThat(tracing.supportsContext(serverObservation(registry, "/orders").getContext())).isFalse();
			assertThat(tracing.supportsContext(new Observation.Context())).isFalse();
		});
	}

	@Test
	void observationRegistryKeepsServerObservationsWhenServletIntegrationIsDisabled() {
		this.contextRunner.withPropertyValues("trace-context.web.servlet.enabled=false").run((context) -> {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			assertThat(serverObservation(registry, "/actuator/health").isNoop()).isFalse();
		});
	}

	@Test
	void takesNoTracingOfExcludedPathsWithoutOpenTelemetry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ExcludedRequestTracing.class));
	}

	@Test
	void takesTheTracingOfExcludedPathsWithOpenTelemetry() {
		this.openTelemetryContextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(ExcludedRequestTracing.class);
			assertThat(observationFilterRegistrations(context)).containsOnlyKeys("traceContextObservationFilter");
		});
	}

	@Test
	void excludedRequestTracingBacksOffForAUserBeanOfTheSameName() {
		this.openTelemetryContextRunner.withBean("traceContextExcludedRequestTracing", String.class, () -> "mine")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ExcludedRequestTracing.class);
			});
	}

	@Test
	void filterContinuesIncomingTraceAndWritesTraceresponse() {
		this.openTelemetryContextRunner.run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
			request.addHeader("traceparent", TRACEPARENT);
			MockHttpServletResponse response = new MockHttpServletResponse();
			AtomicReference<String> traceIdInChain = new AtomicReference<>();
			filter(context).doFilter(request, response, currentTraceId(traceIdInChain));
			assertThat(traceIdInChain).hasValue(TRACE_ID);
			assertThat(response.getHeader("traceresponse")).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-0[01]")
				.doesNotContain("00f067aa0ba902b7");
			PropagationCounters counters = context.getBean(PropagationCounters.class);
			assertThat(counters.requests(RequestOutcome.CONTINUED)).isEqualTo(1);
			assertThat(counters.requests(RequestOutcome.REJECTED)).isZero();
			assertThat(counters.requests()).isEqualTo(1);
		});
	}

	@Test
	void filterKeepsIncomingTraceOnExcludedPathWithoutServerSpan() {
		this.openTelemetryContextRunner.run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");
			request.addHeader("traceparent", TRACEPARENT);
			MockHttpServletResponse response = new MockHttpServletResponse();
			AtomicReference<String> traceIdInChain = new AtomicReference<>();
			filter(context).doFilter(request, response, currentTraceId(traceIdInChain));
			assertThat(traceIdInChain).hasValue(TRACE_ID);
			assertThat(response.getHeader("traceresponse")).isNull();
			PropagationCounters counters = context.getBean(PropagationCounters.class);
			assertThat(counters.requests(RequestOutcome.EXCLUDED)).isEqualTo(1);
			assertThat(counters.requests()).isZero();
		});
	}

	@Test
	void filterCountsRejectedTraceparent() {
		this.openTelemetryContextRunner.run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
			request.addHeader("traceparent", TRACEPARENT.toUpperCase());
			filter(context).doFilter(request, new MockHttpServletResponse(), (req, res) -> {
			});
			PropagationCounters counters = context.getBean(PropagationCounters.class);
			assertThat(counters.requests(RequestOutcome.CONTINUED)).isZero();
			assertThat(counters.requests(RequestOutcome.REJECTED)).isEqualTo(1);
			assertThat(counters.rejectedByReason()).containsEntry("uppercase-hex", 1L);
		});
	}

	private static void hasOnlySpringBootFilter(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		Map<String, FilterRegistrationBean<?>> registrations = observationFilterRegistrations(context);
		assertThat(registrations).containsOnlyKeys("webMvcObservationFilter");
		assertThat(registrations.get("webMvcObservationFilter").getFilter())
			.isExactlyInstanceOf(ServerHttpObservationFilter.class);
		assertThat(context).doesNotHaveBean("traceContextExcludedPaths");
		assertThat(context).doesNotHaveBean("traceContextExcludedRequestTracing");
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Map<String, FilterRegistrationBean<?>> observationFilterRegistrations(ApplicationContext context) {
		Map<String, FilterRegistrationBean> all = context.getBeansOfType(FilterRegistrationBean.class);
		Map<String, FilterRegistrationBean<?>> result = new LinkedHashMap<>();
		all.forEach((name, registration) -> {
			if (registration.getFilter() instanceof ServerHttpObservationFilter) {
				result.put(name, registration);
			}
		});
		return result;
	}

	private static List<String> excludedPatterns(ApplicationContext context) {
		assertThat(context.getBeansOfType(ExcludedPaths.class)).containsOnlyKeys("traceContextExcludedPaths");
		return context.getBean(ExcludedPaths.class).patterns();
	}

	private static Observation serverObservation(ObservationRegistry registry, String path) {
		ServerRequestObservationContext observationContext = new ServerRequestObservationContext(
				new MockHttpServletRequest("GET", path), new MockHttpServletResponse());
		return Observation.createNotStarted("http.server.requests", () -> observationContext, registry);
	}

	private static ServerHttpObservationFilter filter(ApplicationContext context) {
		return (ServerHttpObservationFilter) context
			.getBean("traceContextObservationFilter", FilterRegistrationBean.class)
			.getFilter();
	}

	@Test
	void correlationHeaderIsOffByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(CorrelationIds.class);
			assertThat(context).doesNotHaveBean("traceContextCorrelationIdFilter");
		});
	}

	@Test
	void correlationFilterRunsFirstOnEveryDispatchAndPutsTheIdInTheMdcAndTheResponse() {
		this.contextRunner
			.withPropertyValues("trace-context.correlation.enabled=true", "trace-context.correlation.header=X-Corr",
					"trace-context.correlation.mdc-key=corr")
			.run((context) -> {
				FilterRegistrationBean<?> registration = context.getBean("traceContextCorrelationIdFilter",
						FilterRegistrationBean.class);
				assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
				assertThat(registration.determineDispatcherTypes())
					.isEqualTo(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
				MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
				request.addHeader("X-Corr", "order-7");
				MockHttpServletResponse response = new MockHttpServletResponse();
				AtomicReference<String> seen = new AtomicReference<>();
				((jakarta.servlet.Filter) registration.getFilter()).doFilter(request, response,
						(req, res) -> seen.set(org.slf4j.MDC.get("corr")));
				assertThat(seen).hasValue("order-7");
				assertThat(response.getHeader("X-Corr")).isEqualTo("order-7");
				assertThat(org.slf4j.MDC.get("corr")).isNull();
				assertThat(context.getBean(PropagationCounters.class).correlationCount(CorrelationIds.Outcome.ACCEPTED))
					.isEqualTo(1);
			});
	}

	@Test
	void correlationFilterBacksOffForAUserBeanOfTheSameName() {
		this.contextRunner.withPropertyValues("trace-context.correlation.enabled=true")
			.withBean("traceContextCorrelationIdFilter", String.class, () -> "mine")
			.run((context) -> assertThat(context.getBean("traceContextCorrelationIdFilter")).isEqualTo("mine"));
	}

	private static FilterChain currentTraceId(AtomicReference<String> traceId) {
		return (request, response) -> traceId.set(Span.current().getSpanContext().getTraceId());
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterRegistrationConfiguration {

		@Bean
		FilterRegistrationBean<ServerHttpObservationFilter> userObservationFilter(ObservationRegistry registry) {
			return new FilterRegistrationBean<>(new ServerHttpObservationFilter(registry));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		ServerHttpObservationFilter userObservationFilter(ObservationRegistry registry) {
			return new ServerHttpObservationFilter(registry);
		}

	}

}
