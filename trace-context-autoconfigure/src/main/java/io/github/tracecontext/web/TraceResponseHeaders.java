package io.github.tracecontext.web;

import java.util.function.BiConsumer;

import io.micrometer.tracing.TraceContext;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Writes the current trace into response headers: the W3C {@code traceresponse} header
 * (Trace Context Level 2, section 4: {@code version-traceid-childid-flags}, where
 * {@code childid} is the server's own span) and, optionally, a plain header holding only
 * the trace id.
 */
public final class TraceResponseHeaders {

	/** Name of the W3C header. */
	public static final String TRACERESPONSE = "traceresponse";

	private static final boolean OTEL_BRIDGE = ClassUtils
		.isPresent("io.micrometer.tracing.otel.bridge.OtelTraceContext", TraceResponseHeaders.class.getClassLoader());

	private final boolean traceresponse;

	private final @Nullable String traceIdHeader;

	/**
	 * Create an instance.
	 * @param traceresponse whether to write {@code traceresponse}
	 * @param traceIdHeader name of the plain trace id header, or {@code null} for none
	 */
	public TraceResponseHeaders(boolean traceresponse, @Nullable String traceIdHeader) {
		this.traceresponse = traceresponse;
		this.traceIdHeader = traceIdHeader;
	}

	/**
	 * Whether any header is written at all.
	 * @return {@code true} if at least one header is switched on
	 */
	public boolean isEnabled() {
		return this.traceresponse || this.traceIdHeader != null;
	}

	/**
	 * Write the headers for a trace context.
	 * @param context the server span's context
	 * @param setter sets one header, replacing any previous value
	 */
	public void write(TraceContext context, BiConsumer<String, String> setter) {
		if (this.traceresponse) {
			setter.accept(TRACERESPONSE, format(context));
		}
		if (this.traceIdHeader != null) {
			setter.accept(this.traceIdHeader, context.traceId());
		}
	}

	/**
	 * Format a context as a {@code traceresponse} value.
	 * @param context the context
	 * @return {@code 00-<trace-id>-<span-id>-<flags>}, the flags holding the two bits the
	 * specification defines (sampled, random trace id) and no other
	 */
	public static String format(TraceContext context) {
		int flags = (Boolean.TRUE.equals(context.sampled()) ? 0x01 : 0) | (randomTraceId(context) ? 0x02 : 0);
		return "00-" + context.traceId() + "-" + context.spanId() + "-0" + flags;
	}

	// Level 2 "random-trace-id": Micrometer's TraceContext has no such flag;
	// OpenTelemetry's has
	private static boolean randomTraceId(TraceContext context) {
		return OTEL_BRIDGE && OpenTelemetryFlags.randomTraceId(context);
	}

	// only loaded when the OpenTelemetry bridge is on the class path
	private static final class OpenTelemetryFlags {

		static boolean randomTraceId(TraceContext context) {
			io.opentelemetry.api.trace.SpanContext spanContext = io.micrometer.tracing.otel.bridge.OtelTraceContext
				.toOtelSpanContext(context);
			return spanContext != null && spanContext.getTraceFlags().isTraceIdRandom();
		}

	}

}
