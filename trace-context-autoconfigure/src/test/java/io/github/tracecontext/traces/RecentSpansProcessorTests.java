package io.github.tracecontext.traces;

import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RecentSpansProcessor} in an OpenTelemetry SDK tracer provider.
 */
class RecentSpansProcessorTests {

	private final RecentSpans store = new RecentSpans(100, 1_000_000);

	private SdkTracerProvider provider = provider(Sampler.alwaysOn());

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void keepsEndedSpansWithServiceKindParentAndTiming() {
		Tracer tracer = this.provider.get("test");
		Span server = tracer.spanBuilder("http get /order/{item}").setSpanKind(SpanKind.SERVER).startSpan();
		Span client = tracer.spanBuilder("http get")
			.setSpanKind(SpanKind.CLIENT)
			.setParent(Context.current().with(server))
			.startSpan();
		client.end();
		server.end();
		assertThat(this.store.spans()).hasSize(2);
		RecordedSpan first = this.store.spans().get(0);
		RecordedSpan second = this.store.spans().get(1);
		assertThat(first.name()).isEqualTo("http get");
		assertThat(first.kind()).isEqualTo("CLIENT");
		assertThat(first.parentSpanId()).isEqualTo(server.getSpanContext().getSpanId());
		assertThat(second.kind()).isEqualTo("SERVER");
		assertThat(second.parentSpanId()).isNull();
		assertThat(second.traceId()).isEqualTo(first.traceId()).isEqualTo(server.getSpanContext().getTraceId());
		assertThat(second.service()).isEqualTo("orders");
		assertThat(second.startEpochMicros()).isPositive().isLessThanOrEqualTo(first.startEpochMicros());
		assertThat(second.durationMicros()).isGreaterThanOrEqualTo(first.durationMicros());
	}

	@Test
	void keepsOnlyLowCardinalityAttributesAndLinksAndTheErrorStatus() {
		SpanContext caller = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
				TraceFlags.getSampled(), TraceState.getDefault());
		Span span = this.provider.get("test")
			.spanBuilder("http get /boom")
			.setSpanKind(SpanKind.SERVER)
			.addLink(caller)
			.setAttribute("method", "GET")
			.setAttribute("uri", "/boom")
			.setAttribute(AttributeKey.longKey("http.response.status_code"), 500L)
			.setAttribute("http.url", "http://localhost/boom?token=secret")
			.setAttribute("db.statement", "select secret")
			.startSpan();
		span.setStatus(StatusCode.ERROR, "boom");
		span.end();
		RecordedSpan recorded = this.store.spans().get(0);
		assertThat(recorded.attributes()).containsExactly(Map.entry("http.response.status_code", "500"),
				Map.entry("method", "GET"), Map.entry("uri", "/boom"));
		assertThat(recorded.links())
			.containsExactly(new RecordedSpan.Link("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"));
		assertThat(recorded.error()).isTrue();
	}

	@Test
	void remoteParentIsKeptAsTheParentId() {
		SpanContext caller = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
				TraceFlags.getSampled(), TraceState.getDefault());
		this.provider.get("test")
			.spanBuilder("server")
			.setParent(Context.root().with(Span.wrap(caller)))
			.startSpan()
			.end();
		assertThat(this.store.spans()).singleElement().satisfies((span) -> {
			assertThat(span.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
			assertThat(span.parentSpanId()).isEqualTo("b7ad6b7169203331");
		});
	}

	@Test
	void skipsSpansThatAreNotSampled() {
		this.provider.close();
		this.provider = provider(Sampler.alwaysOff());
		this.provider.get("test").spanBuilder("dropped").startSpan().end();
		assertThat(this.store.spans()).isEmpty();
	}

	@Test
	void neverThrowsIntoTheCodeThatEndsTheSpan() {
		RecentSpans failing = new RecentSpans(1, 1) {
			@Override
			public void add(RecordedSpan span) {
				throw new IllegalStateException("store failed");
			}
		};
		try (SdkTracerProvider failingProvider = SdkTracerProvider.builder()
			.addSpanProcessor(new RecentSpansProcessor(failing))
			.build()) {
			Span span = failingProvider.get("test").spanBuilder("op").startSpan();
			span.end();
			assertThat(span.isRecording()).isFalse();
		}
	}

	private SdkTracerProvider provider(Sampler sampler) {
		return SdkTracerProvider.builder()
			.setSampler(sampler)
			.setResource(Resource.getDefault()
				.merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "orders"))))
			.addSpanProcessor(new RecentSpansProcessor(this.store))
			.build();
	}

}
