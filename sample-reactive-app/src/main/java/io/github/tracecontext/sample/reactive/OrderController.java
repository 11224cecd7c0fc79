package io.github.tracecontext.sample.reactive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code GET /order/{item}} logs, reserves the item in a blocking step on
 * {@link Schedulers#boundedElastic()}, and asks {@code GET /inventory/{item}} (this same
 * service, over HTTP) whether the item is in stock.
 */
@RestController
public class OrderController {

	private static final Logger log = LoggerFactory.getLogger(OrderController.class);

	private final WebClient inventoryClient;

	private final Environment environment;

	public OrderController(WebClient inventoryClient, Environment environment) {
		this.inventoryClient = inventoryClient;
		this.environment = environment;
	}

	@GetMapping("/order/{item}")
	public Mono<String> order(@PathVariable String item) {
		log.info("order received for {}", item);
		return Mono.fromCallable(() -> reserve(item))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((reserved) -> this.inventoryClient.get()
				.uri("http://127.0.0.1:{port}/inventory/{item}", this.environment.getProperty("local.server.port"),
						item)
				.retrieve()
				.bodyToMono(String.class))
			.doOnNext((stock) -> log.info("inventory answered: {}", stock))
			.map((stock) -> "ordered " + item + " (" + stock + ")\n");
	}

	// Stands for blocking work (a JDBC call, a file): it must not run on the event loop.
	private String reserve(String item) {
		log.info("reserved {} on a bounded elastic thread", item);
		return item;
	}

	@GetMapping("/inventory/{item}")
	public String inventory(@PathVariable String item) {
		log.info("checking inventory for {}", item);
		return "in stock";
	}

}
