package io.github.tracecontext.benchmarks;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /hello} logs one line at INFO and answers {@code hello}; {@code GET /check}
 * tells the driver what tracing the configuration does.
 */
@RestController
public class HelloController {

	private static final Logger log = LoggerFactory.getLogger(HelloController.class);

	@GetMapping("/hello")
	String hello() {
		log.info("hello");
		return "hello";
	}

	/**
	 * One line for the driver: the trace id of the server observation Spring put in the
	 * Reactor context (Boot's tracing at work), and the trace id in the MDC inside the
	 * controller (what the logs would show).
	 */
	@GetMapping("/check")
	Mono<String> check() {
		String mdc = MDC.get("traceId");
		return Mono.deferContextual((context) -> {
			Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			TracingContext tracing = (observation != null) ? observation.getContextView().get(TracingContext.class)
					: null;
			Span span = (tracing != null) ? tracing.getSpan() : null;
			return Mono.just("serverSpanTraceId=" + ((span != null) ? span.context().traceId() : "-")
					+ " mdcTraceIdInController=" + ((mdc != null) ? mdc : "-"));
		});
	}

}
