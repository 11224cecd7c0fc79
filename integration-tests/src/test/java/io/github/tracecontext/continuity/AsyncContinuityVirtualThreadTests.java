package io.github.tracecontext.continuity;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.tracecontext.continuity.ContinuityMatrix.Expect;
import io.github.tracecontext.continuity.ContinuityMatrix.Row;
import io.github.tracecontext.stats.PropagationCounters;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The continuity matrix on virtual threads: with {@code spring.threads.virtual.enabled}
 * the auto-configured {@code applicationTaskExecutor} is a
 * {@link SimpleAsyncTaskExecutor} on virtual threads, and a user's
 * {@code Executors.newVirtualThreadPerTaskExecutor()} bean is proxied by the starter.
 * Needs Java 21; the build compiles for 17, so the executor is made reflectively.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
@SpringBootTest(
		classes = { ContinuityApplication.class, AsyncContinuityVirtualThreadTests.VirtualThreadExecutor.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.threads.virtual.enabled=true", "server.address=127.0.0.1",
				"management.tracing.sampling.probability=1.0",
				"management.tracing.baggage.remote-fields=" + ContinuityApplication.BAGGAGE_FIELD,
				"spring.task.execution.mode=force" })
@AutoConfigureTracing
// Closed afterwards: Boot hands every live context's tracing events (and so MDC writes)
// to
// every thread in the JVM, and this context's MDC keys must not show up in other classes'
// apps.
@DirtiesContext
class AsyncContinuityVirtualThreadTests {

	@LocalServerPort
	int port;

	@Autowired
	PropagationCounters counters;

	@Test
	void virtualThreadHopsCarryTheirOwnRequestsContext(
			@Autowired @Qualifier("applicationTaskExecutor") Executor application,
			@Autowired @Qualifier("virtualExecutor") ExecutorService virtualExecutor) throws Exception {
		assertThat(application).isInstanceOf(SimpleAsyncTaskExecutor.class);
		assertThat(AopUtils.isJdkDynamicProxy(virtualExecutor)).isTrue();

		ContinuityMatrix matrix = new ContinuityMatrix(this.port, this.counters::handOffsWithContext);
		matrix.run("@Async (applicationTaskExecutor, virtual)", "async-default", "-", Expect.single());
		matrix.run("newVirtualThreadPerTaskExecutor bean", "execute", "virtualExecutor", Expect.single());
		matrix.run("supplyAsync+thenApplyAsync on virtual executor", "completable-chain", "virtualExecutor",
				Expect.chained());
		matrix.run("Tracer.nextSpan()+withSpan on virtual executor", "tracer-span", "virtualExecutor", Expect.single());
		matrix.run("baggage on virtual executor", "baggage", "virtualExecutor", Expect.withBaggage());
		System.out.println();
		System.out.println("Async continuity (virtual threads, Java " + Runtime.version().feature() + ")");
		System.out.print(matrix.table());

		SoftAssertions softly = new SoftAssertions();
		AsyncContinuityTests.assertRows(softly, matrix.rows());
		for (Row row : matrix.rows()) {
			softly.assertThat(row.virtualHops()).as(row.label() + ": hops on virtual threads").isEqualTo(row.hops());
		}
		softly.assertAll();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class VirtualThreadExecutor {

		@Bean
		ExecutorService virtualExecutor() throws ReflectiveOperationException {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}

	}

}
