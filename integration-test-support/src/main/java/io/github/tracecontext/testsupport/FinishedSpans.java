package io.github.tracecontext.testsupport;

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
 * The spans the application exported, read after flushing Boot's batch processor. A span
 * ends after the response may already have reached the client, so reads of one trace
 * wait.
 */
public final class FinishedSpans {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** How long a trace must stay without a span that should not exist. */
	private static final Duration QUIET = Duration.ofMillis(200);

	private final InMemorySpanExporter exporter;

	private final SdkTracerProvider tracerProvider;

	public FinishedSpans(InMemorySpanExporter exporter, SdkTracerProvider tracerProvider) {
		this.exporter = exporter;
		this.tracerProvider = tracerProvider;
	}

	/**
	 * Waits for the expected number of spans of one kind in a trace and checks there are
	 * no more; when none are expected, the trace must stay without them for a while, so
	 * that a late span is seen.
	 * @param traceId the trace
	 * @param kind the kind of span
	 * @param expected how many
	 * @return the spans found
	 */
	public List<SpanData> awaitExactly(String traceId, SpanKind kind, int expected) {
		if (expected == 0) {
			await().during(QUIET)
				.atMost(QUIET.multipliedBy(10))
				.untilAsserted(
						() -> assertThat(flushed(traceId, kind)).as(kind + " spans of trace " + traceId).isEmpty());
			return List.of();
		}
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(flushed(traceId, kind)).hasSizeGreaterThanOrEqualTo(expected));
		List<SpanData> found = flushed(traceId, kind);
		assertThat(found).as(kind + " spans of trace " + traceId).hasSize(expected);
		return found;
	}

	/** The one server span of a trace. */
	public SpanData server(String traceId) {
		return awaitExactly(traceId, SpanKind.SERVER, 1).get(0);
	}

	/** Every span of a trace exported so far, of any kind. */
	public List<SpanData> ofTrace(String traceId) {
		return all().stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
	}

	/** Every span exported so far. */
	public List<SpanData> all() {
		flush();
		return this.exporter.getFinishedSpanItems();
	}

	private List<SpanData> flushed(String traceId, SpanKind kind) {
		return ofTrace(traceId).stream().filter((span) -> span.getKind() == kind).toList();
	}

	private void flush() {
		this.tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
	}

}
