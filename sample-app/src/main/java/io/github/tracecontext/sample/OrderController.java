package io.github.tracecontext.sample;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * {@code GET /order/{item}} logs, records an audit entry asynchronously, queues a
 * notification on a thread pool and asks {@code GET /inventory/{item}} (this same
 * service, over HTTP) whether the item is in stock.
 */
@RestController
public class OrderController {

	private static final Logger log = LoggerFactory.getLogger(OrderController.class);

	private final RestClient inventoryClient;

	private final AuditLog auditLog;

	private final ThreadPoolTaskExecutor workerPool;

	private final Environment environment;

	public OrderController(RestClient inventoryClient, AuditLog auditLog, ThreadPoolTaskExecutor workerPool,
			Environment environment) {
		this.inventoryClient = inventoryClient;
		this.auditLog = auditLog;
		this.workerPool = workerPool;
		this.environment = environment;
	}

	@GetMapping("/order/{item}")
	public String order(@PathVariable String item) {
		log.info("order received for {}", item);
		this.auditLog.record(item).join();
		CompletableFuture.runAsync(() -> log.info("notification queued for {}", item), this.workerPool).join();
		String stock = this.inventoryClient.get()
			.uri("http://127.0.0.1:{port}/inventory/{item}", this.environment.getProperty("local.server.port"), item)
			.retrieve()
			.body(String.class);
		log.info("inventory answered: {}", stock);
		return "ordered " + item + " (" + stock + ")\n";
	}

	@GetMapping("/inventory/{item}")
	public String inventory(@PathVariable String item) {
		log.info("checking inventory for {}", item);
		return "in stock";
	}

}
