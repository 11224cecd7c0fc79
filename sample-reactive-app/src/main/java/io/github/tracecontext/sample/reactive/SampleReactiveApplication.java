package io.github.tracecontext.sample.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A small WebFlux service with nothing trace-specific in its code: one request logs, runs
 * a step on Reactor's bounded elastic scheduler and calls a second endpoint of itself
 * over a {@link WebClient}. Every log line of that request shows the same trace id.
 */
@SpringBootApplication
public class SampleReactiveApplication {

	/**
	 * Made with {@code WebClient.create()}, outside Spring Boot's builder: Boot alone
	 * would not trace it; the starter does.
	 */
	@Bean
	WebClient inventoryClient() {
		return WebClient.create();
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleReactiveApplication.class, args);
	}

}
