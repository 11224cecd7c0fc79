package io.github.tracecontext.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.Banner;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceContextDefaultsEnvironmentPostProcessor}.
 */
class TraceContextDefaultsEnvironmentPostProcessorTests {

	private static final String PROPAGATE_CONTEXT = "spring.task.execution.propagate-context";

	private final TraceContextDefaultsEnvironmentPostProcessor postProcessor = new TraceContextDefaultsEnvironmentPostProcessor();

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void turnsOnContextPropagationByDefault() {
		postProcess();
		assertThat(this.environment.getProperty(PROPAGATE_CONTEXT, Boolean.class)).isTrue();
		assertThat(this.environment.getPropertySources()
			.contains(TraceContextDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isTrue();
	}

	@Test
	void addsItsPropertySourceWithTheLowestPrecedence() {
		this.environment.getPropertySources().addLast(new MapPropertySource("last", Map.of("other", "x")));
		postProcess();
		PropertySource<?> last = this.environment.getPropertySources().stream().reduce((first, second) -> second).get();
		assertThat(last.getName()).isEqualTo(TraceContextDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
	}

	@Test
	void userValueWins() {
		this.environment.setProperty(PROPAGATE_CONTEXT, "false");
		postProcess();
		assertThat(this.environment.getProperty(PROPAGATE_CONTEXT, Boolean.class)).isFalse();
	}

	@Test
	void addsNoAsyncDefaultWhenAsyncIntegrationIsDisabled() {
		this.environment.setProperty("trace-context.async.enabled", "false");
		postProcess();
		assertThat(this.environment.containsProperty(PROPAGATE_CONTEXT)).isFalse();
		assertThat(this.environment.getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
	}

	@Test
	void defaultsReactorContextPropagationToAuto() {
		postProcess();
		assertThat(this.environment.getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
	}

	@Test
	void userReactorContextPropagationWins() {
		this.environment.setProperty("spring.reactor.context-propagation", "limited");
		postProcess();
		assertThat(this.environment.getProperty("spring.reactor.context-propagation")).isEqualTo("limited");
	}

	@Test
	void addsNoReactorDefaultWhenReactiveIntegrationIsDisabled() {
		this.environment.setProperty("trace-context.web.reactive.enabled", "false");
		postProcess();
		assertThat(this.environment.containsProperty("spring.reactor.context-propagation")).isFalse();
		assertThat(this.environment.getProperty(PROPAGATE_CONTEXT)).isEqualTo("true");
	}

	@Test
	void addsNothingWhenStarterIsDisabled() {
		this.environment.setProperty("trace-context.enabled", "false");
		postProcess();
		assertThat(this.environment.containsProperty(PROPAGATE_CONTEXT)).isFalse();
		assertThat(this.environment.getPropertySources()
			.contains(TraceContextDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void addsItsPropertySourceOnlyOnce() {
		postProcess();
		postProcess();
		assertThat(this.environment.getPropertySources()
			.stream()
			.filter((source) -> source.getName()
				.equals(TraceContextDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)))
			.hasSize(1);
	}

	@Test
	void isRegisteredInSpringFactories() {
		// Boot's own post-processors need constructor arguments; only ours matters here
		List<EnvironmentPostProcessor> postProcessors = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(EnvironmentPostProcessor.class, FailureHandler.handleMessage((message, failure) -> {
			}));
		assertThat(postProcessors).hasAtLeastOneElementOfType(TraceContextDefaultsEnvironmentPostProcessor.class);
	}

	@Test
	void applicationStartsWithContextPropagationOn() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getEnvironment().getProperty(PROPAGATE_CONTEXT, Boolean.class)).isTrue();
		}
	}

	@Test
	void applicationArgumentWins() {
		try (ConfigurableApplicationContext context = run("--" + PROPAGATE_CONTEXT + "=false")) {
			assertThat(context.getEnvironment().getProperty(PROPAGATE_CONTEXT, Boolean.class)).isFalse();
		}
	}

	@Test
	void applicationArgumentDisablingTheStarterIsHonoured() {
		try (ConfigurableApplicationContext context = run("--trace-context.async.enabled=false")) {
			assertThat(context.getEnvironment().containsProperty(PROPAGATE_CONTEXT)).isFalse();
		}
	}

	@Test
	void userDefaultPropertiesWin() {
		// Boot moves 'defaultProperties' behind every other source once the
		// post-processors ran
		SpringApplication application = application();
		application.setDefaultProperties(Map.of(PROPAGATE_CONTEXT, "false"));
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.getEnvironment().getProperty(PROPAGATE_CONTEXT, Boolean.class)).isFalse();
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		return application().run(args);
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		return application;
	}

	private void postProcess() {
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
