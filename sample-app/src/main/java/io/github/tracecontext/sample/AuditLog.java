package io.github.tracecontext.sample;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * Work that runs on Spring Boot's task executor, on another thread than the request.
 */
@Service
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	@Async
	public CompletableFuture<Void> record(String item) {
		log.info("audit: order for {} recorded", item);
		return CompletableFuture.completedFuture(null);
	}

}
