package io.github.tracecontext.reactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spans the application exported, read after flushing Boot's batch processor.
 */
final class FinishedSpans {

	private final InMemorySpanExporter exporter;

	private final SdkTracerProvider tracerProvider;

	FinishedSpans(InMemorySpanExporter exporter, SdkTracerProvider tracerProvider) {
		this.exporter = exporter;
		this.tracerProvider = tracerProvider;
	}

	// Spans end after the response may already have reached the client: wait for the expected
	// number, then make sure no more arrive late.
	List<SpanData> awaitExactly(String traceId, SpanKind kind, int expected) {
		if (expected > 0) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				flush();
				assertThat(find(traceId, kind)).hasSizeGreaterThanOrEqualTo(expected);
			});
		}
		else {
			// nothing to wait for: give a late span a moment to show up
			sleep(150);
		}
		flush();
		List<SpanData> found = find(traceId, kind);
		assertThat(found).as(kind + " spans of trace " + traceId).hasSize(expected);
		return found;
	}

	SpanData server(String traceId) {
		return awaitExactly(traceId, SpanKind.SERVER, 1).get(0);
	}

	List<SpanData> find(String traceId, SpanKind kind) {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getTraceId().equals(traceId) && span.getKind() == kind)
			.toList();
	}

	List<SpanData> all() {
		flush();
		return this.exporter.getFinishedSpanItems();
	}

	void flush() {
		this.tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
