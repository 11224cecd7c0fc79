package io.github.tracecontext.it;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.tracecontext.testsupport.CapturedLogs;
import io.github.tracecontext.testsupport.CapturedLogs.Line;
import io.github.tracecontext.testsupport.HttpGet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which lines without a trace id count as lost, over real HTTP: the DispatcherServlet's
 * lazy initialisation on the first request is logged on Tomcat's request thread before
 * the filter chain, outside any trace, and does not count; a bare thread started by a
 * controller loses the request's context, counts, and gets the advice for bare threads in
 * the endpoint's summary and the health details. The DispatcherServlet's and Tomcat's
 * loggers are watched here on purpose: by default only the application's packages are.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=health,tracecontext",
				"management.endpoint.health.show-details=always", "trace-context.health.min-log-lines=1",
				"trace-context.health.min-log-coverage=0.99", "trace-context.health.degraded-status=DEGRADED",
				"trace-context.mdc.coverage.packages=io.github.tracecontext.it,"
						+ "org.springframework.web.servlet.DispatcherServlet,org.apache.catalina.core.ContainerBase" })
@DirtiesContext
@AutoConfigureTracing
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinesWithoutTraceIdTests {

	private static final String BARE_THREAD_SOURCE = "new Thread | io.github.tracecontext.it.TestApplication";

	@LocalServerPort
	int port;

	final HttpGet http = new HttpGet(() -> this.port);

	CapturedLogs logs;

	@BeforeEach
	void capture() {
		this.logs = CapturedLogs.attach();
	}

	@AfterEach
	void release() {
		this.logs.close();
	}

	@Test
	@Order(1)
	void dispatcherServletInitialisationOnTheFirstRequestIsNotLost() throws Exception {
		this.http.body("/hello?tag=first");

		Line init = this.logs.single("Initializing Servlet 'dispatcherServlet'");
		assertThat(init.thread()).startsWith("http-nio-").contains("-exec-");
		assertThat(init.mdc()).doesNotContainKey("traceId");
		assertThat(this.logs.single("Completed initialization").mdc()).doesNotContainKey("traceId");
		assertThat(this.logs.single("Initializing Spring DispatcherServlet").thread()).isEqualTo(init.thread());
		assertThat(this.logs.single("controller hello first").mdc()).containsKey("traceId");
		String endpoint = this.http.body("/actuator/tracecontext");
		assertThat((Integer) JsonPath.read(endpoint, "$.counters.logs.withoutTraceId")).as(endpoint).isZero();
		assertThat((Map<?, ?>) JsonPath.read(endpoint, "$.counters.logs.withoutTraceIdBySource")).isEmpty();
		List<String> summary = JsonPath.read(endpoint, "$.recent.summary");
		assertThat(summary).anySatisfy((line) -> assertThat(line).startsWith("100.0% of log lines carried a trace id"))
			.allSatisfy((line) -> assertThat(line).doesNotContain("without a trace id came from")
				.doesNotContain("TracedTasks"));
		String health = this.http.body("/actuator/health/tracecontext");
		assertThat((String) JsonPath.read(health, "$.status")).isEqualTo("UP");
		assertThat((Double) JsonPath.read(health, "$.details.logCoverage")).isEqualTo(1.0);
		assertThat((Map<String, Object>) JsonPath.read(health, "$.details")).doesNotContainKey("advice");
	}

	@Test
	@Order(2)
	void bareThreadStartedByAControllerIsLostWithTheAdviceForBareThreads() throws Exception {
		this.http.body("/bare-thread");

		Line bare = this.logs.single("on a bare thread");
		assertThat(bare.thread()).startsWith("Thread-");
		assertThat(bare.mdc()).doesNotContainKey("traceId");
		String endpoint = this.http.body("/actuator/tracecontext");
		assertThat((Integer) JsonPath.read(endpoint,
				"$.counters.logs.withoutTraceIdBySource['" + BARE_THREAD_SOURCE + "']"))
			.isEqualTo(1);
		assertThat((Integer) JsonPath.read(endpoint, "$.counters.logs.withoutTraceId")).isEqualTo(1);
		String advice = "Most lines without a trace id came from " + BARE_THREAD_SOURCE
				+ " (1): give new Thread(...) a TracedTasks.runnable(...) made on the thread that has the context";
		List<String> summary = JsonPath.read(endpoint, "$.recent.summary");
		assertThat(summary).anySatisfy((line) -> assertThat(line).startsWith(advice));
		String health = this.http.body("/actuator/health/tracecontext");
		assertThat((String) JsonPath.read(health, "$.status")).isEqualTo("DEGRADED");
		List<String> healthAdvice = JsonPath.read(health, "$.details.advice");
		assertThat(healthAdvice).singleElement().asString().startsWith(advice);
	}

}
