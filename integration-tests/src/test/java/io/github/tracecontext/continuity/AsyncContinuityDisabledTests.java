package io.github.tracecontext.continuity;

import java.util.List;

import io.github.tracecontext.continuity.ContinuityMatrix.Expect;
import io.github.tracecontext.continuity.ContinuityMatrix.Row;
import io.github.tracecontext.task.ExecutorContextPostProcessor;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same matrix with the starter's async support switched off: the trace and the MDC
 * must now be lost on the other side of a few boundaries, which shows that it is the
 * starter, not the test set-up, that makes {@link AsyncContinuityTests} pass. Tracing
 * itself stays on: the request thread still has its trace.
 */
@SpringBootTest(classes = ContinuityApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "trace-context.async.enabled=false", "server.address=127.0.0.1",
				"management.tracing.sampling.probability=1.0",
				"management.tracing.baggage.remote-fields=" + ContinuityApplication.BAGGAGE_FIELD,
				"spring.task.execution.mode=force", "spring.task.execution.pool.core-size=3" })
@AutoConfigureTracing
// Closed afterwards: Boot hands every live context's tracing events (and so MDC writes)
// to
// every thread in the JVM, and this context's MDC keys must not show up in other classes'
// apps.
@DirtiesContext
class AsyncContinuityDisabledTests {

	private static final int REQUESTS = 100;

	@LocalServerPort
	int port;

	@Test
	void withoutTheStartersAsyncSupportTheContextIsLost(@Autowired ApplicationContext context,
			@Autowired @Qualifier("userExecutorService") Object userExecutorService) throws Exception {
		assertThat(context.getBeanNamesForType(ExecutorContextPostProcessor.class)).isEmpty();
		assertThat(AopUtils.isAopProxy(userExecutorService)).isFalse();

		ContinuityMatrix matrix = new ContinuityMatrix(this.port, null);
		matrix.run("ExecutorService newFixedThreadPool(3)", "execute", "userExecutorService", Expect.single(),
				REQUESTS);
		matrix.run("@Async(\"userPool\") new ThreadPoolTaskExecutor", "async-user-pool", "-", Expect.single(),
				REQUESTS);
		matrix.run("@Async (applicationTaskExecutor)", "async-default", "-", Expect.single(), REQUESTS);
		System.out.println();
		System.out.println("Async continuity with trace-context.async.enabled=false (loss expected)");
		System.out.print(matrix.table());

		List<Row> rows = matrix.rows();
		SoftAssertions softly = new SoftAssertions();
		for (Row row : rows) {
			softly.assertThat(row.requests()).as(row.label() + ": requests").isEqualTo(REQUESTS);
			softly.assertThat(row.hops()).as(row.label() + ": tasks that ran and answered").isEqualTo(REQUESTS);
			softly.assertThat(row.retained()).as(row.label() + ": retained without the starter").isZero();
			softly.assertThat(row.lost()).as(row.label() + ": lost").isEqualTo(REQUESTS);
			softly.assertThat(row.crossTalk()).as(row.label() + ": cross-talk, samples " + row.samples()).isZero();
			softly.assertThat(row.samples())
				.as(row.label() + ": loss means no trace in the task")
				.isNotEmpty()
				.allSatisfy((sample) -> assertThat(sample).contains("tracer trace id none != ")
					.contains("MDC traceId none != ")
					.contains("MDC requestTag none != "));
		}
		softly.assertAll();
	}

}
