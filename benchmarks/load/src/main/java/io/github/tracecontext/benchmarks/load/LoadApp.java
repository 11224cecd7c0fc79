package io.github.tracecontext.benchmarks.load;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.client.RestClient;

/**
 * The application that {@code benchmarks/load/run.sh} starts in each of its four
 * configurations. It names no tracing class: what it does about tracing depends only on
 * its class path (and, for the agent, on {@code -javaagent}).
 */
@SpringBootApplication
@EnableAsync
public class LoadApp {

	public static void main(String[] args) {
		SpringApplication.run(LoadApp.class, args);
	}

	/**
	 * The client for the call back into this server, made from Boot's
	 * {@link RestClient.Builder} so that whatever instruments that builder (Boot's
	 * observation, the starter) instruments this client too.
	 * @param builder Boot's builder
	 * @param port the fixed port this server listens on (run.sh passes
	 * {@code --server.port})
	 * @return a client for {@code http://127.0.0.1:port}
	 */
	@Bean
	RestClient selfClient(RestClient.Builder builder, @Value("${server.port}") int port) {
		return builder.baseUrl("http://127.0.0.1:" + port).build();
	}

}
