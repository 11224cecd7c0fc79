package io.github.tracecontext.zipkin;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One span as Zipkin's v2 API returns it, with the fields the test reads.
 */
record ZipkinSpan(String traceId, String id, @Nullable String parentId, String kind, String name, String serviceName,
		Map<String, String> tags) {

	static ZipkinSpan of(JsonNode json) {
		Map<String, String> tags = new LinkedHashMap<>();
		json.path("tags").properties().forEach((tag) -> tags.put(tag.getKey(), tag.getValue().asString()));
		return new ZipkinSpan(json.path("traceId").asString(), json.path("id").asString(),
				json.path("parentId").stringValue(null), json.path("kind").asString(), json.path("name").asString(),
				json.path("localEndpoint").path("serviceName").asString(), Map.copyOf(tags));
	}

	static List<ZipkinSpan> listOf(JsonNode spans) {
		return spans.valueStream().map(ZipkinSpan::of).toList();
	}

	/**
	 * Kind, service and HTTP path ({@code SERVER backend /work}): what the span stands
	 * for in the trace's tree.
	 */
	String shape() {
		String path = URI.create(this.tags.getOrDefault("http.url", "/?")).getPath();
		return this.kind + " " + this.serviceName + " " + path;
	}

	/**
	 * Shape, name, id and parent id on one line, for assertion messages.
	 */
	@Override
	public String toString() {
		return shape() + " '" + this.name + "' " + this.id + " <- " + this.parentId;
	}

}
