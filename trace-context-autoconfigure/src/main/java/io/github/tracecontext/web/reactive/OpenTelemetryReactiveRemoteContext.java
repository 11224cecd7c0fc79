package io.github.tracecontext.web.reactive;

import io.micrometer.tracing.contextpropagation.ObservationAwareSpanThreadLocalAccessor;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@link ReactiveRemoteContext} through the OpenTelemetry propagators Spring Boot
 * configures. The caller's span goes into the Reactor context under the key of the span
 * accessor the starter registers, so automatic context propagation makes it current (MDC
 * included) in every operator.
 */
public final class OpenTelemetryReactiveRemoteContext implements ReactiveRemoteContext {

	private static final TextMapGetter<HttpHeaders> GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(HttpHeaders carrier) {
			return carrier.headerNames();
		}

		@Override
		public @Nullable String get(@Nullable HttpHeaders carrier, String key) {
			return (carrier != null) ? carrier.getFirst(key) : null;
		}

	};

	private final TextMapPropagator propagator;

	public OpenTelemetryReactiveRemoteContext(ContextPropagators propagators) {
		this.propagator = propagators.getTextMapPropagator();
	}

	@Override
	public Context put(Context context, ServerWebExchange exchange) {
		io.opentelemetry.context.Context extracted = this.propagator.extract(io.opentelemetry.context.Context.root(),
				exchange.getRequest().getHeaders(), GETTER);
		Span span = Span.fromContext(extracted);
		if (!span.getSpanContext().isValid()) {
			return context;
		}
		return context.put(ObservationAwareSpanThreadLocalAccessor.KEY, OtelSpan.fromOtel(span, extracted));
	}

}
