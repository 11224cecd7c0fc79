package io.github.tracecontext.propagation;

import java.util.List;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.otel.bridge.OtelTraceContext;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * The Micrometer {@link Propagator} of the server observations: Spring Boot's own
 * ({@code OtelPropagator} over the starter's {@link StrictTraceContextPropagator}), plus
 * a span link to the caller when the caller's trace was restarted by policy, so the new
 * trace still points at where the request came from.
 */
public final class LinkingPropagator implements Propagator {

	private final Propagator delegate;

	public LinkingPropagator(Propagator delegate) {
		this.delegate = delegate;
	}

	@Override
	public List<String> fields() {
		return this.delegate.fields();
	}

	@Override
	public <C> void inject(TraceContext context, @Nullable C carrier, Setter<C> setter) {
		this.delegate.inject(context, carrier, setter);
	}

	@Override
	public <C> Span.Builder extract(@Nullable C carrier, Getter<C> getter) {
		Span.Builder builder;
		SpanContext caller;
		try (CallerLinks.Collector collector = CallerLinks.open()) {
			builder = this.delegate.extract(carrier, getter);
			caller = collector.caller();
		}
		return (caller != null) ? builder.addLink(new Link(OtelTraceContext.fromOtel(caller))) : builder;
	}

}
