package io.github.tracecontext.propagation;

import io.github.tracecontext.w3c.ParsedTracestate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import org.jspecify.annotations.Nullable;

/**
 * An OpenTelemetry {@link TraceState} over a {@code tracestate} checked with the current
 * W3C key grammar. OpenTelemetry's own builder still applies the Level 1 key rules and
 * silently drops keys such as {@code foo@@bar} or {@code 1abc}; the SDK hands a parent's
 * trace state to its children unchanged and the W3C injector writes it with
 * {@link #forEach}, so entries kept here reach the outgoing header as received.
 */
final class Level2TraceState implements TraceState {

	private final ParsedTracestate entries;

	Level2TraceState(ParsedTracestate entries) {
		this.entries = entries;
	}

	@Override
	public @Nullable String get(String key) {
		for (int i = 0; i < this.entries.size(); i++) {
			if (this.entries.key(i).equals(key)) {
				return this.entries.value(i);
			}
		}
		return null;
	}

	@Override
	public int size() {
		return this.entries.size();
	}

	@Override
	public boolean isEmpty() {
		return this.entries.isEmpty();
	}

	@Override
	public void forEach(BiConsumer<String, String> consumer) {
		for (int i = 0; i < this.entries.size(); i++) {
			consumer.accept(this.entries.key(i), this.entries.value(i));
		}
	}

	@Override
	public Map<String, String> asMap() {
		Map<String, String> map = new LinkedHashMap<>();
		forEach(map::put);
		return map;
	}

	/**
	 * A builder for a sampler that changes the state. It is OpenTelemetry's, so entries
	 * whose keys only the current grammar allows are lost in the copy.
	 */
	@Override
	public TraceStateBuilder toBuilder() {
		TraceStateBuilder builder = TraceState.builder();
		// OpenTelemetry's builder puts each entry in front: add from the right to keep
		// the order
		for (int i = this.entries.size() - 1; i >= 0; i--) {
			builder.put(this.entries.key(i), this.entries.value(i));
		}
		return builder;
	}

	@Override
	public String toString() {
		return this.entries.format();
	}

}
