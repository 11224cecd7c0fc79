package io.github.tracecontext.zipkin;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The service the end-to-end test runs twice, as {@code frontend} and {@code backend},
 * each in a JVM of its own (the starter's context-propagation accessors are global to a
 * JVM), each calling the other through {@code peer.url}. Nothing trace-specific is in it:
 * what reaches Zipkin comes from Spring Boot's instrumentation and the starter.
 * <p>
 * {@code /chain} hands {@code /audit} to an {@code @Async} step and calls {@code /work}
 * itself; {@code /work} calls back to {@code /leaf}.
 */
@SpringBootApplication
@EnableAsync
public class TracedService {

	static final Logger log = LoggerFactory.getLogger(TracedService.class);

	public static void main(String[] args) {
		SpringApplication.run(TracedService.class, args);
	}

	/**
	 * A client from Boot's builder: Boot instruments it.
	 */
	@Bean
	RestClient peerClient(RestClient.Builder builder, @Value("${peer.url}") String peerUrl) {
		return builder.baseUrl(peerUrl).build();
	}

	/**
	 * A client made outside Boot's builder: the starter instruments it.
	 */
	@Bean
	RestClient auditClient(@Value("${peer.url}") String peerUrl) {
		return RestClient.create(peerUrl);
	}

	@Service
	static class AuditStep {

		private final RestClient auditClient;

		AuditStep(@Qualifier("auditClient") RestClient auditClient) {
			this.auditClient = auditClient;
		}

		@Async
		CompletableFuture<String> record() {
			log.info("async audit step");
			return CompletableFuture
				.completedFuture(this.auditClient.get().uri("/audit").retrieve().body(String.class));
		}

	}

	@RestController
	static class HopController {

		private final RestClient peerClient;

		private final AuditStep auditStep;

		HopController(@Qualifier("peerClient") RestClient peerClient, AuditStep auditStep) {
			this.peerClient = peerClient;
			this.auditStep = auditStep;
		}

		@GetMapping("/chain")
		String chain() {
			log.info("chain started");
			CompletableFuture<String> audit = this.auditStep.record();
			String work = this.peerClient.get().uri("/work").retrieve().body(String.class);
			return "chain(" + audit.join() + "," + work + ")";
		}

		@GetMapping("/work")
		String work() {
			log.info("work started");
			return "work(" + this.peerClient.get().uri("/leaf").retrieve().body(String.class) + ")";
		}

		@GetMapping("/audit")
		String audit() {
			log.info("audit received");
			return "audit";
		}

		@GetMapping("/leaf")
		String leaf() {
			log.info("leaf reached");
			return "leaf";
		}

	}

}
