package io.github.tracecontext.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.client.RestClient;

/**
 * A small service with nothing trace-specific in its code: one request logs, hands work
 * to an {@code @Async} method and to a plain thread pool, and calls a second endpoint of
 * itself over a {@link RestClient}. Every log line of that request shows the same trace
 * id.
 */
@SpringBootApplication
@EnableAsync
public class SampleApplication {

	/**
	 * Made with {@code RestClient.create()}, outside Spring Boot's builder: Boot alone
	 * would not trace it; the starter does.
	 */
	@Bean
	RestClient inventoryClient() {
		return RestClient.create();
	}

	/**
	 * A pool made with {@code new}: Spring Boot's builders never see it, so Boot alone
	 * would not carry the trace into its tasks; the starter does. Being the only task
	 * executor, it also runs the {@code @Async} methods.
	 */
	@Bean
	ThreadPoolTaskExecutor workerPool() {
		ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
		pool.setCorePoolSize(2);
		pool.setThreadNamePrefix("worker-");
		return pool;
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
