package io.github.tracecontext.logging;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceIdCoverageFilter}: which lines without a trace id count as lost,
 * with real Logback loggers on threads named the way their pools name them.
 */
class TraceIdCoverageFilterTests {

	private final LoggerContext context = new LoggerContext();

	private final LogCoverage coverage = new LogCoverage();

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private Logger logger;

	@BeforeEach
	void attach() {
		TraceIdCoverageFilter filter = new TraceIdCoverageFilter("traceId", List.of("com.example"), this.coverage);
		filter.start();
		this.context.addTurboFilter(filter);
		this.appender.setContext(this.context);
		this.appender.start();
		this.logger = this.context.getLogger("com.example.Orders");
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void stop() {
		this.context.stop();
	}

	@Test
	void linesOutsideAnyRequestAreNotLost() throws InterruptedException {
		logOn("main", "after start-up");
		logOn("SpringApplicationShutdownHook", "closing");
		logOn("http-nio-8080-exec-1", "initialising the DispatcherServlet before the filter chain");
		logOn("qtp1846412426-42", "before the filter chain on Jetty");
		assertThat(this.appender.list).hasSize(4);
		assertThat(this.coverage.withoutTraceIdCount()).isZero();
		assertThat(this.coverage.withoutTraceIdBySource()).isEmpty();
	}

	@Test
	void linesOnThreadsWhereARequestsContextGetsLostStillCount() throws InterruptedException {
		logOn("Thread-3", "bare thread");
		logOn("pool-1-thread-1", "executor made in code");
		logOn("ForkJoinPool.commonPool-worker-2", "common pool");
		logOn("reactor-http-nio-2", "event loop");
		logOn("scheduling-1", "scheduler");
		logOn("orders-1", "someone's pool");
		assertThat(this.coverage.withoutTraceIdCount()).isEqualTo(6);
		assertThat(this.coverage.withoutTraceIdBySource()).containsOnlyKeys("new Thread | com.example.Orders",
				"executor made in code (Executors.new...) | com.example.Orders",
				"common pool (CompletableFuture or parallelStream without an executor) | com.example.Orders",
				"Netty event loop | com.example.Orders", "Spring scheduler (scheduling-*) | com.example.Orders",
				"orders-* | com.example.Orders");
	}

	@Test
	void linesWithATraceIdCountOnEveryThread() throws InterruptedException {
		runOn("http-nio-8080-exec-2", () -> {
			MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
			try {
				this.logger.info("in the request");
			}
			finally {
				MDC.clear();
			}
		});
		assertThat(this.coverage.withTraceIdCount()).isEqualTo(1);
		assertThat(this.coverage.withoutTraceIdCount()).isZero();
	}

	@Test
	void requestsUntracedByDesignAreNotLostOnAnyThread() throws InterruptedException {
		runOn("Thread-4", () -> {
			boolean before = UntracedByDesign.enter();
			try {
				this.logger.info("excluded path");
			}
			finally {
				UntracedByDesign.exit(before);
			}
		});
		assertThat(this.coverage.withoutTraceIdCount()).isZero();
	}

	private void logOn(String threadName, String message) throws InterruptedException {
		runOn(threadName, () -> this.logger.info(message));
	}

	private static void runOn(String threadName, Runnable task) throws InterruptedException {
		Thread thread = new Thread(task, threadName);
		thread.start();
		thread.join();
	}

}
