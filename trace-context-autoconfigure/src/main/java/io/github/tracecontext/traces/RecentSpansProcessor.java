package io.github.tracecontext.traces;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.github.tracecontext.internal.Guard;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * An OpenTelemetry {@link SpanProcessor} that hands every sampled span, once ended, to
 * {@link RecentSpans}. It runs on the thread that ends the span: it copies the span's
 * data (as OpenTelemetry's own processors do) and takes the store's short lock; it never
 * blocks on I/O and never throws. Unsampled spans are skipped, as exporters skip them.
 * <p>
 * Only low-cardinality attributes are kept ({@link #ATTRIBUTES}: method, route or URI
 * template, status, outcome, exception type, peer): the store is shown over HTTP, and
 * attributes such as full URLs or statements may hold secrets.
 */
public class RecentSpansProcessor implements SpanProcessor {

	/**
	 * Attribute keys kept: Micrometer's and Spring's, and OpenTelemetry's conventions.
	 */
	public static final Set<String> ATTRIBUTES = Set.of("method", "uri", "status", "outcome", "exception", "error",
			"client.name", "peer.service", "http.request.method", "http.route", "http.response.status_code",
			"url.scheme", "url.template", "error.type", "server.address", "server.port", "net.peer.name",
			"net.peer.port", "rpc.system", "rpc.service", "rpc.method", "db.system", "db.system.name",
			"db.operation.name", "messaging.system", "messaging.operation.type", "messaging.destination.name");

	private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	private final RecentSpans spans;

	private final Guard guard = new Guard(RecentSpansProcessor.class, "keeping a finished span for the trace view");

	private volatile ServiceName serviceName = new ServiceName(Resource.empty(), "");

	/**
	 * Create a processor.
	 * @param spans the store it feeds
	 */
	public RecentSpansProcessor(RecentSpans spans) {
		this.spans = spans;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (span.getSpanContext().isSampled()) {
			this.guard.run(() -> this.spans.add(record(span.toSpanData())));
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	RecordedSpan record(SpanData data) {
		SpanContext parent = data.getParentSpanContext();
		Map<String, String> attributes = new TreeMap<>();
		data.getAttributes().forEach((key, value) -> {
			if (ATTRIBUTES.contains(key.getKey())) {
				attributes.put(key.getKey(), String.valueOf(value));
			}
		});
		List<RecordedSpan.Link> links = data.getLinks()
			.stream()
			.limit(RecordedSpan.MAX_LINKS)
			.map((link) -> new RecordedSpan.Link(link.getSpanContext().getTraceId(), link.getSpanContext().getSpanId()))
			.toList();
		long start = TimeUnit.NANOSECONDS.toMicros(data.getStartEpochNanos());
		long duration = TimeUnit.NANOSECONDS.toMicros(Math.max(0, data.getEndEpochNanos() - data.getStartEpochNanos()));
		return new RecordedSpan(data.getTraceId(), data.getSpanId(), parent.isValid() ? parent.getSpanId() : null,
				serviceOf(data.getResource()), data.getName(), data.getKind().name(), start, duration,
				data.getStatus().getStatusCode() == StatusCode.ERROR, attributes, links);
	}

	// Every span of a tracer provider shares one Resource: look its name up once.
	private String serviceOf(Resource resource) {
		ServiceName last = this.serviceName;
		if (last.resource() != resource) {
			String name = resource.getAttribute(SERVICE_NAME);
			last = new ServiceName(resource, (name != null) ? name : "");
			this.serviceName = last;
		}
		return last.name();
	}

	private record ServiceName(Resource resource, String name) {

	}

}
