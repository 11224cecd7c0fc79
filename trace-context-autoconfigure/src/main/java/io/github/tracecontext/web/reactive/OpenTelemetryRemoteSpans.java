package io.github.tracecontext.web.reactive;

import java.util.Collections;
import java.util.List;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * {@link RemoteSpans} through the OpenTelemetry propagators Spring Boot configured, so the
 * same formats are read as on a request that gets a span.
 */
public final class OpenTelemetryRemoteSpans implements RemoteSpans {

	private static final TextMapGetter<ServerHttpRequest> GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(ServerHttpRequest carrier) {
			return carrier.getHeaders().headerNames();
		}

		@Override
		public @Nullable String get(@Nullable ServerHttpRequest carrier, String key) {
			return (carrier != null) ? carrier.getHeaders().getFirst(key) : null;
		}

		@Override
		public java.util.Iterator<String> getAll(@Nullable ServerHttpRequest carrier, String key) {
			List<String> values = (carrier != null) ? carrier.getHeaders().get(key) : null;
			return (values != null) ? values.iterator() : Collections.emptyIterator();
		}

	};

	private final TextMapPropagator propagator;

	public OpenTelemetryRemoteSpans(ContextPropagators propagators) {
		this.propagator = propagators.getTextMapPropagator();
	}

	@Override
	public @Nullable Span extract(ServerHttpRequest request) {
		Context extracted = this.propagator.extract(Context.root(), request, GETTER);
		io.opentelemetry.api.trace.Span span = io.opentelemetry.api.trace.Span.fromContext(extracted);
		if (!span.getSpanContext().isValid()) {
			return null;
		}
		return OtelSpan.fromOtel(span, extracted);
	}

}
