package io.github.tracecontext.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.client.RestClient;

/**
 * A small service with nothing trace-specific in its code: one request logs, hands work to
 * an {@code @Async} method and calls a second endpoint of itself over a {@link RestClient}.
 * Every log line of that request shows the same trace id.
 */
@SpringBootApplication
@EnableAsync
public class SampleApplication {

	/**
	 * Made with {@code RestClient.create()}, outside Spring Boot's builder: Boot alone would
	 * not trace it; the starter does.
	 */
	@Bean
	RestClient inventoryClient() {
		return RestClient.create();
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
