package io.github.tracecontext.benchmarks.load;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/** The {@code @Async} hop: runs on Boot's application task executor. */
@Component
public class AsyncStep {

	private static final Logger log = LoggerFactory.getLogger(AsyncStep.class);

	/**
	 * The hop of {@code /hop}: one log line on the executor's thread.
	 * @return a completed future
	 */
	@Async
	public CompletableFuture<String> step() {
		log.info("async step");
		return CompletableFuture.completedFuture("done");
	}

	/**
	 * The hop of {@code /check}: reports what the executor's thread sees.
	 * @return the trace ids visible there
	 */
	@Async
	public CompletableFuture<String> probe() {
		log.info("async probe");
		return CompletableFuture.completedFuture(Probe.traceIds());
	}

}
