package io.github.tracecontext.autoconfigure;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.github.tracecontext.propagation.RequestOutcome;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.correlation.CorrelationIdAccessor;
import io.github.tracecontext.correlation.CorrelationIdWebFilter;
import io.github.tracecontext.web.ExcludedPaths;
import io.github.tracecontext.web.TraceResponseHeaders;
import io.github.tracecontext.web.ExcludedRequestTracing;
import io.github.tracecontext.web.reactive.TraceContextWebFilter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryEventPublisherBeansApplicationListener;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/**
 * Tests for {@link TraceContextWebFluxAutoConfiguration}.
 */
class TraceContextWebFluxAutoConfigurationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_ID = "00f067aa0ba902b7";

	private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

	private static final AutoConfigurations NOOP_TRACING = AutoConfigurations.of(NoopTracerAutoConfiguration.class,
			MicrometerTracingAutoConfiguration.class);

	private static final AutoConfigurations OPEN_TELEMETRY_TRACING = AutoConfigurations.of(
			OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
			MicrometerTracingAutoConfiguration.class, TraceContextPropagationAutoConfiguration.class);

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ObservationAutoConfiguration.class, TraceContextAutoConfiguration.class,
						TraceContextServletAutoConfiguration.class, TraceContextWebFluxAutoConfiguration.class));

	@BeforeAll
	static void addContextStorageWrapper() {
		OpenTelemetryEventPublisherBeansApplicationListener.addWrapper();
	}

	@Test
	void providesWebFilterExcludedRequestTracingAndExcludedPathsByDefault() {
		openTelemetry(this.contextRunner).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(TraceContextWebFilter.class).hasBean("traceContextWebFilter");
			assertThat(context.getBeansOfType(ExcludedRequestTracing.class))
				.containsOnlyKeys("traceContextExcludedRequestTracing");
			assertThat(excludedPatterns(context)).containsExactly("/actuator/**");
			TraceContextWebFilter filter = context.getBean(TraceContextWebFilter.class);
			assertThat(filter).extracting("excludedPaths").isSameAs(context.getBean(ExcludedPaths.class));
			assertThat(filter).extracting("responseHeaders", type(TraceResponseHeaders.class))
				.satisfies((headers) -> assertThat(headers.isEnabled()).isTrue());
		});
	}

	@Test
	void correlationWebFilterOnlyWhenEnabledAndItPutsTheIdInTheReactorContextAndResponse() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(CorrelationIdWebFilter.class));
		this.contextRunner.withPropertyValues("trace-context.correlation.enabled=true").run((context) -> {
			CorrelationIdWebFilter filter = context.getBean(CorrelationIdWebFilter.class);
			MockServerWebExchange exchange = MockServerWebExchange
				.from(MockServerHttpRequest.get("/orders").header("X-Request-Id", "order-7"));
			java.util.concurrent.atomic.AtomicReference<Object> seen = new java.util.concurrent.atomic.AtomicReference<>();
			filter.filter(exchange, (ex) -> reactor.core.publisher.Mono.deferContextual((ctx) -> {
				seen.set(ctx.getOrDefault(CorrelationIdAccessor.KEY, null));
				return reactor.core.publisher.Mono.empty();
			})).block();
			assertThat(seen).hasValue("order-7");
			assertThat(exchange.getResponse().getHeaders().getFirst("X-Request-Id")).isEqualTo("order-7");
			assertThat((String) exchange.getAttribute(CorrelationIdWebFilter.ATTRIBUTE)).isEqualTo("order-7");
		});
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
	void excludedPathsCanBeExtended() {
		openTelemetry(this.contextRunner).withPropertyValues("trace-context.web.excluded-paths=/ping")
			.run((context) -> {
				assertThat(excludedPatterns(context)).containsExactly("/ping", "/actuator/**");
				assertThat(skips(tracing(context), "/ping")).isTrue();
			});
	}

	@Test
	void backsOffForUserDefinedWebFilter() {
		TraceContextWebFilter userFilter = new TraceContextWebFilter(new TraceResponseHeaders(false, null),
				new ExcludedPaths(List.of()));
		this.contextRunner.withBean("userWebFilter", TraceContextWebFilter.class, () -> userFilter).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(TraceContextWebFilter.class);
			assertThat(context).hasBean("userWebFilter").doesNotHaveBean("traceContextWebFilter");
			assertThat(context.getBean(TraceContextWebFilter.class)).isSameAs(userFilter);
			// the rest of the integration stays
			assertThat(context).hasBean("traceContextExcludedPaths");
		});
	}

	@Test
	void userExcludedPathsBeanWins() {
		ExcludedPaths mine = new ExcludedPaths(List.of("/mine/**"));
		openTelemetry(this.contextRunner).withBean("traceContextExcludedPaths", ExcludedPaths.class, () -> mine)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(excludedPatterns(context)).containsExactly("/mine/**");
				assertThat(context.getBean(ExcludedPaths.class)).isSameAs(mine);
				assertThat(context.getBean(TraceContextWebFilter.class)).extracting("excludedPaths").isSameAs(mine);
				ExcludedRequestTracing<?> tracing = tracing(context);
				assertThat(skips(tracing, "/mine/thing")).isTrue();
				assertThat(skips(tracing, "/actuator/health")).isFalse();
			});
	}

	@Test
	void isSwitchedOffByProperty() {
		this.contextRunner.withPropertyValues("trace-context.web.reactive.enabled=false")
			.run(TraceContextWebFluxAutoConfigurationTests::hasNoWebFluxIntegration);
	}

	@Test
	void isSwitchedOffWhenStarterIsDisabled() {
		this.contextRunner.withPropertyValues("trace-context.enabled=false").run((context) -> {
			hasNoWebFluxIntegration(context);
			assertThat(context).doesNotHaveBean(PropagationCounters.class);
		});
	}

	@Test
	void doesNotApplyWithoutWebFilter() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebFilter.class)).run((context) -> {
			hasNoWebFluxIntegration(context);
			assertThat(context).hasSingleBean(PropagationCounters.class);
		});
	}

	@Test
	void doesNotApplyWithoutSpringWebServerPackage() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.web.server")).run((context) -> {
			hasNoWebFluxIntegration(context);
			assertThat(context).hasSingleBean(PropagationCounters.class);
		});
	}

	@Test
	void doesNotApplyToServletApplication() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					TraceContextAutoConfiguration.class, TraceContextWebFluxAutoConfiguration.class))
			.withConfiguration(NOOP_TRACING)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(PropagationCounters.class);
				assertThat(context).doesNotHaveBean(TraceContextWebFilter.class);
				assertThat(context).doesNotHaveBean(ExcludedPaths.class);
				assertThat(context).doesNotHaveBean("traceContextExcludedRequestTracing");
			});
	}

	@Test
	void doesNotApplyToNonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					TraceContextAutoConfiguration.class, TraceContextWebFluxAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(PropagationCounters.class);
				assertThat(context).doesNotHaveBean(TraceContextWebFilter.class);
				assertThat(context).doesNotHaveBean(ExcludedPaths.class);
				assertThat(context).doesNotHaveBean("traceContextExcludedRequestTracing");
			});
	}

	@Test
	void servletIntegrationIsAbsentInReactiveApplication() {
		// with a tracer, so that only the web application type keeps the servlet
		// integration out
		this.contextRunner.withConfiguration(NOOP_TRACING).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("traceContextObservationFilter");
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			assertThat(context).hasSingleBean(TraceContextWebFilter.class);
		});
	}

	@Test
	void excludedRequestTracingTakesServerObservationsOfExcludedPathsOnly() {
		openTelemetry(this.contextRunner).run((context) -> {
			ExcludedRequestTracing<?> tracing = tracing(context);
			assertThat(skips(tracing, "/actuator/health")).isTrue();
			assertThat(skips(tracing, "/actuator")).isTrue();
			assertThat(skips(tracing, "/actuators")).isFalse();
			assertThat(skips(tracing, "/orders")).isFalse();
			assertThat(tracing.supportsContext(new Observation.Context())).isFalse();
		});
	}

	@Test
	void excludedRequestTracingMatchesPathWithinApplication() {
		openTelemetry(this.contextRunner).run((context) -> {
			ExcludedRequestTracing<?> tracing = tracing(context);
			assertThat(tracing.supportsContext(
					serverContext(MockServerHttpRequest.get("/app/actuator/health").contextPath("/app").build())))
				.isTrue();
			assertThat(tracing
				.supportsContext(serverContext(MockServerHttpRequest.get("/app/orders").contextPath("/app").build())))
				.isFalse();
		});
	}

	@Test
	void observationRegistryKeepsServerObservationsOfExcludedPaths() {
		openTelemetry(this.contextRunner).run((context) -> {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			assertThat(serverObservation(registry, "/actuator/health").isNoop()).isFalse();
			assertThat(serverObservation(registry, "/orders").isNoop()).isFalse();
		});
	}

	@Test
	void observationRegistryKeepsServerObservationsWhenReactiveIntegrationIsDisabled() {
		this.contextRunner.withConfiguration(NOOP_TRACING)
			.withPropertyValues("trace-context.web.reactive.enabled=false")
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				assertThat(serverObservation(registry, "/actuator/health").isNoop()).isFalse();
			});
	}

	@Test
	void webFilterWritesNoHeaderOnExcludedPath() {
		openTelemetry(this.contextRunner).run((context) -> {
			MockServerWebExchange exchange = MockServerWebExchange
				.from(MockServerHttpRequest.get("/actuator/health").header("traceparent", TRACEPARENT));
			context.getBean(TraceContextWebFilter.class)
				.filter(exchange, (ex) -> ex.getResponse().setComplete())
				.block();
			assertThat(exchange.getResponse().getHeaders().containsHeader("traceresponse")).isFalse();
		});
	}

	@Test
	void serverObservationThroughHttpHandlerContinuesIncomingTraceAndWritesTraceresponse() {
		openTelemetry(this.contextRunner).run((context) -> {
			AtomicReference<Observation> observationInHandler = new AtomicReference<>();
			MockServerHttpResponse response = handle(context,
					MockServerHttpRequest.get("/orders").header("traceparent", TRACEPARENT).build(),
					(exchange) -> Mono.deferContextual((reactorContext) -> {
						observationInHandler.set(reactorContext.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
						exchange.getResponse().setStatusCode(HttpStatus.OK);
						return exchange.getResponse().setComplete();
					}));
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(observationInHandler.get()).isNotNull()
				.satisfies((observation) -> assertThat(observation.isNoop()).isFalse());
			TracingContext tracing = observationInHandler.get().getContextView().get(TracingContext.class);
			Span serverSpan = tracing.getSpan();
			assertThat(serverSpan.context().traceId()).isEqualTo(TRACE_ID);
			assertThat(response.getHeaders().getFirst("traceresponse"))
				.isEqualTo("00-" + TRACE_ID + "-" + serverSpan.context().spanId() + "-01")
				.doesNotContain(PARENT_ID);
			assertThat(context.getBean(PropagationCounters.class).requests(RequestOutcome.CONTINUED)).isEqualTo(1);
		});
	}

	@Test
	void serverObservationThroughHttpHandlerWritesTraceresponseOnUnhandledError() {
		openTelemetry(this.contextRunner).run((context) -> {
			MockServerHttpResponse response = handle(context,
					MockServerHttpRequest.get("/orders").header("traceparent", TRACEPARENT).build(),
					(exchange) -> Mono.error(new IllegalStateException("boom")));
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
			assertThat(response.getHeaders().getFirst("traceresponse")).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
				.doesNotContain(PARENT_ID);
		});
	}

	@Test
	void serverObservationOnExcludedPathCarriesTheCallersSpanAndCountsAsExcluded() {
		openTelemetry(this.contextRunner).run((context) -> {
			AtomicReference<Observation> observationInHandler = new AtomicReference<>();
			MockServerHttpResponse response = handle(context,
					MockServerHttpRequest.get("/actuator/health").header("traceparent", TRACEPARENT).build(),
					(exchange) -> Mono.deferContextual((reactorContext) -> {
						observationInHandler.set(reactorContext.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
						exchange.getResponse().setStatusCode(HttpStatus.OK);
						return exchange.getResponse().setComplete();
					}));
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getHeaders().containsHeader("traceresponse")).isFalse();
			// the server observation, whose tracing context holds the caller's span (not
			// a new one)
			assertThat(observationInHandler.get()).satisfies((observation) -> {
				assertThat(observation.getContext()).isInstanceOf(ServerRequestObservationContext.class);
				Span caller = observation.getContext().<TracingContext>get(TracingContext.class).getSpan();
				assertThat(caller.context().traceId()).isEqualTo(TRACE_ID);
				assertThat(caller.context().spanId()).isEqualTo(PARENT_ID);
			});
			PropagationCounters counters = context.getBean(PropagationCounters.class);
			assertThat(counters.requests(RequestOutcome.EXCLUDED)).isEqualTo(1);
			assertThat(counters.requests()).isZero();
		});
	}

	// What Spring's HttpWebHandlerAdapter does with the starter's filter and Boot's
	// registry
	private static MockServerHttpResponse handle(ApplicationContext context, MockServerHttpRequest request,
			WebHandler handler) {
		HttpHandler httpHandler = WebHttpHandlerBuilder.webHandler(handler)
			.filter(context.getBean(TraceContextWebFilter.class))
			.observationRegistry(context.getBean(ObservationRegistry.class))
			.build();
		MockServerHttpResponse response = new MockServerHttpResponse();
		httpHandler.handle(request, response).block();
		return response;
	}

	private static ReactiveWebApplicationContextRunner openTelemetry(ReactiveWebApplicationContextRunner runner) {
		return runner.withConfiguration(OPEN_TELEMETRY_TRACING)
			.withInitializer((context) -> context
				.addApplicationListener(new OpenTelemetryEventPublisherBeansApplicationListener()));
	}

	private static void hasNoWebFluxIntegration(AssertableReactiveWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		assertThat(context).doesNotHaveBean(TraceContextWebFilter.class);
		assertThat(context).doesNotHaveBean("traceContextExcludedPaths");
		assertThat(context).doesNotHaveBean("traceContextExcludedRequestTracing");
	}

	private static List<String> excludedPatterns(ApplicationContext context) {
		assertThat(context.getBeansOfType(ExcludedPaths.class)).containsOnlyKeys("traceContextExcludedPaths");
		return context.getBean(ExcludedPaths.class).patterns();
	}

	private static ExcludedRequestTracing<?> tracing(ApplicationContext context) {
		return context.getBean("traceContextExcludedRequestTracing", ExcludedRequestTracing.class);
	}

	private static boolean skips(ExcludedRequestTracing<?> tracing, String path) {
		return tracing.supportsContext(serverContext(MockServerHttpRequest.get(path).build()));
	}

	private static ServerRequestObservationContext serverContext(MockServerHttpRequest request) {
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		return new ServerRequestObservationContext(request, new MockServerHttpResponse(), exchange.getAttributes());
	}

	private static Observation serverObservation(ObservationRegistry registry, String path) {
		ServerRequestObservationContext observationContext = serverContext(MockServerHttpRequest.get(path).build());
		return Observation.createNotStarted("http.server.requests", () -> observationContext, registry);
	}

}
