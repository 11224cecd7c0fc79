package io.github.tracecontext.traces;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * A finished span as {@link RecentSpans} keeps it: ids, service, name, kind, timing, an
 * error flag, a few attributes and its links. Every text is cut to a bounded length and
 * the attributes and links to a bounded count, so that one span's size is bounded
 * whatever was recorded on it.
 *
 * @param traceId the trace id (32 lowercase hex)
 * @param spanId the span id (16 lowercase hex)
 * @param parentSpanId the parent's span id, or {@code null} for a span that started a
 * trace
 * @param service the {@code service.name} of the process that recorded the span
 * @param name the span name
 * @param kind the span kind ({@code SERVER}, {@code CLIENT}, {@code INTERNAL}, ...)
 * @param startEpochMicros the start, in microseconds since the epoch
 * @param durationMicros the duration in microseconds
 * @param error whether the span ended with an error status
 * @param attributes attribute keys to values, as text, sorted by key
 * @param links the spans this span links to
 */
public record RecordedSpan(String traceId, String spanId, @Nullable String parentSpanId, String service, String name,
		String kind, long startEpochMicros, long durationMicros, boolean error, Map<String, String> attributes,
		List<Link> links) {

	/** Longest kept span name, service name, attribute key or value. */
	public static final int MAX_TEXT_LENGTH = 256;

	/** Largest number of attributes kept per span. */
	public static final int MAX_ATTRIBUTES = 16;

	/** Largest number of links kept per span. */
	public static final int MAX_LINKS = 8;

	// Rough retained sizes on a 64-bit JVM with compressed pointers: object headers and
	// fields; a String is an object and a byte[] (one byte a char for Latin-1 text).
	private static final int SPAN_OVERHEAD = 96;

	private static final int STRING_OVERHEAD = 40;

	private static final int ENTRY_OVERHEAD = 40;

	public RecordedSpan {
		service = cut(service);
		name = cut(name);
		attributes = bounded(attributes);
		links = (links.size() > MAX_LINKS) ? List.copyOf(links.subList(0, MAX_LINKS)) : List.copyOf(links);
	}

	/**
	 * An estimate of the memory this span holds, for {@link RecentSpans}'s byte limit.
	 * @return the estimated retained size in bytes
	 */
	public long estimatedBytes() {
		long bytes = SPAN_OVERHEAD + size(this.traceId) + size(this.spanId) + size(this.parentSpanId)
				+ size(this.service) + size(this.name) + size(this.kind) + ENTRY_OVERHEAD;
		for (Map.Entry<String, String> attribute : this.attributes.entrySet()) {
			bytes += ENTRY_OVERHEAD + size(attribute.getKey()) + size(attribute.getValue());
		}
		for (Link link : this.links) {
			bytes += ENTRY_OVERHEAD + size(link.traceId()) + size(link.spanId());
		}
		return bytes;
	}

	private static long size(@Nullable String text) {
		return (text != null) ? STRING_OVERHEAD + text.length() : 0;
	}

	private static String cut(String text) {
		return (text.length() > MAX_TEXT_LENGTH) ? text.substring(0, MAX_TEXT_LENGTH) : text;
	}

	private static Map<String, String> bounded(Map<String, String> attributes) {
		Map<String, String> kept = new TreeMap<>();
		for (Map.Entry<String, String> attribute : new TreeMap<>(attributes).entrySet()) {
			if (kept.size() == MAX_ATTRIBUTES) {
				break;
			}
			kept.put(cut(attribute.getKey()), cut(attribute.getValue()));
		}
		return Collections.unmodifiableMap(kept);
	}

	/**
	 * A link from a span to another span, in this trace or another one.
	 *
	 * @param traceId the linked span's trace id
	 * @param spanId the linked span's id
	 */
	public record Link(String traceId, String spanId) {

	}

}
