package io.github.tracecontext.reactive;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.tracecontext.testsupport.FinishedSpans;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webflux.error.DefaultErrorAttributes;
import org.springframework.boot.webflux.error.ErrorAttributes;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The WebFlux application under test: what a user writes, with nothing trace-specific in
 * it. Every line a request logs ends with the request's tag in brackets ({@code [tag]}),
 * so a test can tell which request a line belongs to whatever thread wrote it.
 */
@SpringBootApplication
@EnableScheduling
public class ReactiveTestApplication {

	static final Logger log = LoggerFactory.getLogger(ReactiveTestApplication.class);

	/**
	 * Logger of the work that is not a request: the interval and the scheduled method.
	 */
	static final Logger background = LoggerFactory.getLogger(ReactiveTestApplication.class.getName() + ".Background");

	/** Made with Spring Boot's {@code WebClient.Builder}. */
	@Bean
	WebClient builderWebClient(WebClient.Builder builder) {
		return builder.build();
	}

	/** Made with {@code WebClient.create()}, which Boot does not instrument. */
	@Bean
	WebClient createdWebClient() {
		return WebClient.create();
	}

	/**
	 * Made with the static {@code WebClient.builder()}, which Boot does not instrument.
	 */
	@Bean
	WebClient plainBuilderWebClient() {
		return WebClient.builder().build();
	}

	@Bean
	InMemorySpanExporter inMemorySpanExporter() {
		return InMemorySpanExporter.create();
	}

	@Bean
	FinishedSpans finishedSpans(InMemorySpanExporter exporter, SdkTracerProvider tracerProvider) {
		return new FinishedSpans(exporter, tracerProvider);
	}

	/**
	 * A user filter: ordered after the starter's filter, inside the server observation.
	 */
	@Bean
	WebFilter userLoggingFilter() {
		return new UserLoggingFilter();
	}

	@Bean
	ErrorAttributes errorAttributes() {
		return new DefaultErrorAttributes() {
			@Override
			public Map<String, Object> getErrorAttributes(ServerRequest request, ErrorAttributeOptions options) {
				log.info("error attributes for {} [{}]", request.path(), request.queryParam("tag").orElse(""));
				return super.getErrorAttributes(request, options);
			}
		};
	}

	static String tag(ServerWebExchange exchange) {
		String tag = exchange.getRequest().getQueryParams().getFirst("tag");
		return (tag != null) ? tag : "";
	}

	static final class UserLoggingFilter implements WebFilter, Ordered {

		@Override
		public int getOrder() {
			return 0;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			log.info("user filter {} [{}]", exchange.getRequest().getPath().value(), tag(exchange));
			return chain.filter(exchange);
		}

	}

	/**
	 * A {@code Flux.interval} started with the application, logging every 20 ms: no
	 * request's trace may ever show up in its lines.
	 */
	@Component
	static class IntervalTicker implements SmartLifecycle {

		static final AtomicLong ticks = new AtomicLong();

		private volatile Disposable subscription;

		@Override
		public void start() {
			this.subscription = Flux.interval(Duration.ofMillis(20)).subscribe((tick) -> {
				ticks.incrementAndGet();
				background.info("interval tick {} [background]", tick);
			});
		}

		@Override
		public void stop() {
			Disposable current = this.subscription;
			if (current != null) {
				current.dispose();
			}
		}

		@Override
		public boolean isRunning() {
			Disposable current = this.subscription;
			return current != null && !current.isDisposed();
		}

	}

	/** A reactive {@code @Scheduled} method that logs before and after a thread hop. */
	@Component
	static class ScheduledMono {

		static final AtomicLong runs = new AtomicLong();

		@Scheduled(fixedDelay = 30)
		Mono<Void> run() {
			return Mono.fromRunnable(() -> {
				runs.incrementAndGet();
				background.info("scheduled mono start [background]");
			})
				.then(Mono.delay(Duration.ofMillis(5)))
				.doOnNext((ignored) -> background.info("scheduled mono after delay [background]"))
				.then();
		}

	}

	static class HandledException extends RuntimeException {

		HandledException(String message) {
			super(message);
		}

	}

	@RestController
	static class TraceController {

		private final Map<String, WebClient> clients;

		private final Environment environment;

		TraceController(@Qualifier("builderWebClient") WebClient builderWebClient,
				@Qualifier("createdWebClient") WebClient createdWebClient,
				@Qualifier("plainBuilderWebClient") WebClient plainBuilderWebClient, Environment environment) {
			this.clients = Map.of("builder", builderWebClient, "created", createdWebClient, "plain-builder",
					plainBuilderWebClient);
			this.environment = environment;
		}

		@GetMapping("/hello")
		Mono<String> hello(@RequestParam(defaultValue = "") String tag) {
			log.info("controller hello [{}]", tag);
			return Mono.just("hello");
		}

		/**
		 * One line per hop: the controller on the event loop, then {@code publishOn},
		 * {@code Mono.fromCallable} subscribed on {@code boundedElastic},
		 * {@code subscribeOn} {@code parallel}, a {@code flatMap} fan-out over both
		 * schedulers and {@code delayElements}. The body lists the threads the lines came
		 * from.
		 */
		@GetMapping("/operators")
		Mono<String> operators(@RequestParam(defaultValue = "") String tag) {
			log.info("stage controller [{}]", tag);
			return Mono.just(tag)
				.publishOn(Schedulers.boundedElastic())
				.doOnNext((t) -> log.info("stage publishOn [{}]", t))
				.flatMap((t) -> Mono.fromCallable(() -> {
					log.info("stage fromCallable [{}]", t);
					return t;
				}).subscribeOn(Schedulers.boundedElastic()))
				.flatMap((t) -> Mono.fromSupplier(() -> {
					log.info("stage subscribeOn [{}]", t);
					return t;
				}).subscribeOn(Schedulers.parallel()))
				.flatMapMany((t) -> Flux.range(0, 4).flatMap((i) -> Mono.fromSupplier(() -> {
					log.info("stage fan-out {} [{}]", i, t);
					return i;
				}).subscribeOn((i % 2 == 0) ? Schedulers.parallel() : Schedulers.boundedElastic())))
				.delayElements(Duration.ofMillis(5))
				.doOnNext((i) -> log.info("stage delayElements {} [{}]", i, tag))
				.then(Mono.fromSupplier(() -> {
					log.info("stage done [{}]", tag);
					return "operators";
				}));
		}

		/** Fails after a thread hop; the {@code @ExceptionHandler} below answers 418. */
		@GetMapping("/handled")
		Mono<String> handled(@RequestParam(defaultValue = "") String tag) {
			return Mono.just(tag).publishOn(Schedulers.boundedElastic()).map((t) -> {
				log.info("about to fail [{}]", t);
				throw new HandledException(t);
			});
		}

		/** Fails with nothing to handle it: Boot's error handler answers 500. */
		@GetMapping("/boom")
		Mono<String> boom(@RequestParam(defaultValue = "") String tag) {
			return Mono.just(tag).publishOn(Schedulers.parallel()).map((t) -> {
				log.info("about to blow up [{}]", t);
				throw new IllegalStateException("boom " + t);
			});
		}

		@ExceptionHandler(HandledException.class)
		ResponseEntity<String> onHandled(HandledException ex) {
			log.info("exception handler [{}]", ex.getMessage());
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body("handled");
		}

		/** One call with the named client. */
		@GetMapping("/call")
		Mono<String> call(@RequestParam String client, @RequestParam(defaultValue = "") String tag) {
			log.info("call with {} [{}]", client, tag);
			return get(client, "/from-" + client, tag).doOnNext((body) -> log.info("called with {} [{}]", client, tag));
		}

		/** Two calls from inside a {@code flatMap} chain, each on its own thread hop. */
		@GetMapping("/call-flatmap")
		Mono<String> callFlatMap(@RequestParam String client, @RequestParam(defaultValue = "") String tag) {
			return Flux.range(0, 2)
				.flatMap((i) -> Mono.just(i)
					.subscribeOn(Schedulers.parallel())
					.flatMap((n) -> get(client, "/from-" + client + "-flatmap-" + n, tag)))
				.doOnNext((body) -> log.info("flatMap call done with {} [{}]", client, tag))
				.collectList()
				.map(Object::toString);
		}

		/** One call after a {@code publishOn} hop to {@code boundedElastic}. */
		@GetMapping("/call-after-hop")
		Mono<String> callAfterHop(@RequestParam String client, @RequestParam(defaultValue = "") String tag) {
			return Mono.just(tag)
				.publishOn(Schedulers.boundedElastic())
				.doOnNext((t) -> log.info("hopped before call with {} [{}]", client, t))
				.flatMap((t) -> get(client, "/from-" + client + "-after-hop", t));
		}

		/**
		 * Under an excluded path: no server span, but the caller's trace must carry on.
		 */
		@GetMapping("/internal/ping")
		Mono<String> internal(@RequestParam(defaultValue = "") String tag) {
			log.info("internal ping [{}]", tag);
			return Mono.just(tag)
				.publishOn(Schedulers.boundedElastic())
				.doOnNext((t) -> log.info("internal after hop [{}]", t))
				.flatMap((t) -> get("builder", "/from-internal", t))
				.doOnNext((body) -> log.info("internal called [{}]", tag));
		}

		private Mono<String> get(String client, String path, String tag) {
			String url = this.environment.getRequiredProperty("downstream.url") + path + "?tag=" + tag;
			return this.clients.get(client).get().uri(url).retrieve().bodyToMono(String.class);
		}

	}

}
