package io.github.tracecontext.web;

import java.util.function.Function;

import io.github.tracecontext.internal.Guard;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.jspecify.annotations.Nullable;

/**
 * The tracing part of a server observation on an excluded path, in place of Spring
 * Boot's: registered ahead of Boot's tracing handlers, it takes the observations of
 * excluded requests, so they make no span and export nothing, while the observation
 * itself, and with it {@code http.server.requests} and every other handler, runs as
 * usual. The caller's context, read through the same propagators as on any request, is
 * what the observation puts in scope on every thread, so log lines and outgoing calls
 * carry it; without one the scope is empty, so no other request's context shows either.
 *
 * @param <R> the request type
 */
public final class ExcludedRequestTracing<R> implements TracingObservationHandler<Observation.Context> {

	// the answer of supportsContext, kept in the observation (asked on every scope
	// change)
	private static final Object EXCLUDED = ExcludedRequestTracing.class.getName() + ".excluded";

	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final Function<Observation.Context, @Nullable R> excludedRequest;

	private final TextMapGetter<R> getter;

	private final Guard guard = new Guard(ExcludedRequestTracing.class, "reading the caller's context");

	/**
	 * Create the handler.
	 * @param tracer the tracer
	 * @param propagator reads requests as on any other path, counting them as excluded
	 * @param excludedRequest the request of an observation on an excluded path,
	 * {@code null} for any other observation
	 * @param getter reads the request's headers, every line of them
	 */
	public ExcludedRequestTracing(Tracer tracer, TextMapPropagator propagator,
			Function<Observation.Context, @Nullable R> excludedRequest, TextMapGetter<R> getter) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.excludedRequest = excludedRequest;
		this.getter = getter;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context.computeIfAbsent(EXCLUDED, (key) -> this.excludedRequest.apply(context) != null);
	}

	@Override
	public void onStart(Observation.Context context) {
		R request = this.excludedRequest.apply(context);
		if (request != null) {
			this.guard.run(() -> {
				Context extracted = this.propagator.extract(Context.root(), request, this.getter);
				Span caller = Span.fromContext(extracted);
				if (caller.getSpanContext().isValid()) {
					getTracingContext(context).setSpan(OtelSpan.fromOtel(caller, extracted));
				}
			});
		}
	}

	// onStop keeps the default, doing nothing: the caller's span is not this process's to
	// end

	@Override
	public void onError(Observation.Context context) {
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

}
