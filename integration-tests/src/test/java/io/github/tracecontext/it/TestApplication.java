package io.github.tracecontext.it;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.tracecontext.task.TracedTasks;
import io.github.tracecontext.testsupport.FinishedSpans;
import io.github.tracecontext.testsupport.StarterThreadLocals;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.web.context.request.WebRequest;

/**
 * The application under test: what a user writes, with nothing trace-specific in it.
 */
@SpringBootApplication
@EnableAsync
public class TestApplication {

	static final Logger log = LoggerFactory.getLogger(TestApplication.class);

	@Bean
	RestClient createdRestClient() {
		return RestClient.create();
	}

	@Bean
	RestTemplate newRestTemplate() {
		return new RestTemplate();
	}

	@Bean
	RestClient builderRestClient(RestClient.Builder builder) {
		return builder.build();
	}

	@Bean
	RestTemplate builderRestTemplate(RestTemplateBuilder builder) {
		return builder.build();
	}

	@Bean
	InMemorySpanExporter inMemorySpanExporter() {
		return InMemorySpanExporter.create();
	}

	@Bean
	FinishedSpans finishedSpans(InMemorySpanExporter exporter, SdkTracerProvider tracerProvider) {
		return new FinishedSpans(exporter, tracerProvider);
	}

	@Bean
	FilterRegistrationBean<Filter> outermostProbeFilter() {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(OuterProbe::filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
		return registration;
	}

	@Bean
	FilterRegistrationBean<Filter> loggingFilterAfterObservation() {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
			log.info("inner filter {}", ((HttpServletRequest) request).getRequestURI());
			chain.doFilter(request, response);
		});
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	ErrorAttributes errorAttributes() {
		return new DefaultErrorAttributes() {
			@Override
			public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
				log.info("error attributes for {}", webRequest.getDescription(false));
				return super.getErrorAttributes(webRequest, options);
			}
		};
	}

	/**
	 * A filter before everything else that records the MDC each request finds on its
	 * thread and checks that the thread leaves with exactly what the filter left it.
	 */
	public static final class OuterProbe {

		public static final List<Map<String, String>> seenOnEntry = new CopyOnWriteArrayList<>();

		public static final List<String> violations = new CopyOnWriteArrayList<>();

		static void filter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response,
				jakarta.servlet.FilterChain chain) throws IOException, jakarta.servlet.ServletException {
			Map<String, String> entry = MDC.getCopyOfContextMap();
			seenOnEntry.add((entry != null) ? Map.copyOf(entry) : Map.of());
			MDC.put("outer", "sentinel");
			try {
				chain.doFilter(request, response);
			}
			finally {
				Map<String, String> after = MDC.getCopyOfContextMap();
				if (!Map.of("outer", "sentinel").equals(after)) {
					violations.add(((HttpServletRequest) request).getRequestURI() + " left MDC " + after);
				}
				List<String> threadLocals = StarterThreadLocals.setOnThisThread();
				if (!threadLocals.isEmpty()) {
					violations.add(((HttpServletRequest) request).getRequestURI() + " left " + threadLocals);
				}
				MDC.clear();
			}
		}

		public static void reset() {
			seenOnEntry.clear();
			violations.clear();
		}

	}

	@Service
	static class AsyncStep {

		@Async
		CompletableFuture<String> run() {
			log.info("async step");
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

	}

	static class HandledException extends RuntimeException {

	}

	@RestController
	static class TraceController {

		private final Map<String, Object> clients;

		private final AsyncStep asyncStep;

		private final Environment environment;

		TraceController(@Qualifier("createdRestClient") RestClient createdRestClient,
				@Qualifier("builderRestClient") RestClient builderRestClient,
				@Qualifier("newRestTemplate") RestTemplate newRestTemplate,
				@Qualifier("builderRestTemplate") RestTemplate builderRestTemplate, AsyncStep asyncStep,
				Environment environment) {
			this.clients = Map.of("created-rest-client", createdRestClient, "builder-rest-client", builderRestClient,
					"new-rest-template", newRestTemplate, "builder-rest-template", builderRestTemplate);
			this.asyncStep = asyncStep;
			this.environment = environment;
		}

		@GetMapping("/hello")
		String hello(@RequestParam(required = false) String client, @RequestParam(required = false) String tag) {
			log.info("controller hello {}", tag);
			if (client != null) {
				call(client, "/from-" + client);
			}
			return "hello";
		}

		@GetMapping("/internal/ping")
		String internal() {
			log.info("internal ping");
			call("builder-rest-client", "/from-internal");
			return "pong";
		}

		@GetMapping("/internal/quiet")
		String internalQuiet() {
			log.info("internal quiet");
			return "quiet";
		}

		@GetMapping("/internal/boom")
		String internalBoom() {
			throw new IllegalStateException("internal boom");
		}

		/** Served on an ASYNC dispatch. */
		@GetMapping({ "/deferred", "/internal/deferred" })
		Callable<String> deferred() {
			return () -> "deferred";
		}

		@GetMapping("/public/hello")
		String publicHello() {
			log.info("public hello");
			return "hello";
		}

		@GetMapping("/async")
		String async() {
			String thread = this.asyncStep.run().join();
			log.info("after async");
			return thread;
		}

		@GetMapping("/escape")
		String escape() throws InterruptedException {
			Thread plain = new Thread(() -> log.info("escaped on a new thread"));
			plain.start();
			plain.join();
			CompletableFuture.runAsync(() -> log.info("escaped on the common pool")).join();
			Thread helped = new Thread(TracedTasks.runnable(() -> log.info("kept on a new thread")));
			helped.start();
			helped.join();
			CompletableFuture.supplyAsync(TracedTasks.supplier(() -> {
				log.info("kept on the common pool");
				return "";
			})).join();
			return "escaped";
		}

		@GetMapping("/bare-thread")
		String bareThread() throws InterruptedException {
			Thread bare = new Thread(() -> log.info("on a bare thread"));
			bare.start();
			bare.join();
			return "bare";
		}

		/**
		 * Work on a plain thread that then uses an {@code @Async} method: nothing to
		 * carry.
		 */
		@GetMapping("/lost-async")
		String lostAsync() throws InterruptedException {
			Thread plain = new Thread(() -> {
				log.info("lost before async");
				this.asyncStep.run().join();
			});
			plain.start();
			plain.join();
			return "lost";
		}

		@GetMapping("/handled")
		String handled() {
			throw new HandledException();
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

		@ExceptionHandler(HandledException.class)
		ResponseEntity<String> onHandled(HandledException ex) {
			log.info("exception handler");
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body("handled");
		}

		private void call(String client, String path) {
			String url = this.environment.getRequiredProperty("downstream.url") + path;
			Object bean = this.clients.get(client);
			if (bean instanceof RestClient restClient) {
				restClient.get().uri(url).retrieve().body(String.class);
			}
			else {
				((RestTemplate) bean).getForObject(url, String.class);
			}
		}

	}

}
