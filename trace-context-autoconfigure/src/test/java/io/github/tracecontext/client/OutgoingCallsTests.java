package io.github.tracecontext.client;

import java.util.ArrayList;
import java.util.List;

import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.stats.PropagationCounters;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link OutgoingCalls}.
 */
class OutgoingCallsTests {

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private static final List<String> W3C_FIELDS = new ArrayList<>(W3CTraceContextPropagator.getInstance().fields());

	private final PropagationCounters counters = new PropagationCounters();

	@Test
	void countsCallWithTraceparentAsPropagated() {
		OutgoingCalls calls = new OutgoingCalls(this.counters, W3C_FIELDS);
		calls.record(headers("traceparent", TRACEPARENT));
		assertCounted(1, 0);
	}

	@Test
	void countsCallWithoutPropagatorFieldsAsWithoutContext() {
		OutgoingCalls calls = new OutgoingCalls(this.counters, W3C_FIELDS);
		HttpHeaders headers = headers("Accept", "application/json");
		headers.add("X-Request-Id", "42");
		calls.record(headers);
		calls.record(new HttpHeaders());
		assertCounted(0, 2);
	}

	@Test
	void countsByFieldsOfTheConfiguredPropagator() {
		OutgoingCalls b3 = new OutgoingCalls(this.counters,
				new ArrayList<>(B3Propagator.injectingSingleHeader().fields()));
		// a W3C header is not what a B3 propagator writes
		b3.record(headers("traceparent", TRACEPARENT));
		assertCounted(0, 1);
		b3.record(headers("b3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1"));
		assertCounted(1, 1);
	}

	@Test
	void countsAnyOfSeveralPropagatorsFields() {
		List<String> fields = new ArrayList<>(W3C_FIELDS);
		fields.addAll(B3Propagator.injectingMultiHeaders().fields());
		OutgoingCalls calls = new OutgoingCalls(this.counters, fields);
		calls.record(headers("X-B3-TraceId", "4bf92f3577b34da6a3ce929d0e0e4736"));
		calls.record(headers("traceparent", TRACEPARENT));
		assertCounted(2, 0);
	}

	@Test
	void matchesFieldNamesIgnoringCase() {
		OutgoingCalls calls = new OutgoingCalls(this.counters, W3C_FIELDS);
		calls.record(headers("TraceParent", TRACEPARENT));
		assertCounted(1, 0);
	}

	@Test
	void countsEveryCallWithoutContextWhenPropagatorHasNoFields() {
		OutgoingCalls calls = new OutgoingCalls(this.counters, Propagator.NOOP.fields());
		calls.record(headers("traceparent", TRACEPARENT));
		calls.record(new HttpHeaders());
		assertCounted(0, 2);
	}

	@Test
	void keepsItsOwnCopyOfTheFields() {
		List<String> fields = new ArrayList<>(W3C_FIELDS);
		OutgoingCalls calls = new OutgoingCalls(this.counters, fields);
		fields.clear();
		calls.record(headers("traceparent", TRACEPARENT));
		assertCounted(1, 0);
	}

	@Test
	void countsEachCallOnce() {
		OutgoingCalls calls = new OutgoingCalls(this.counters, W3C_FIELDS);
		HttpHeaders headers = headers("traceparent", TRACEPARENT);
		headers.add("traceparent", TRACEPARENT);
		headers.add("tracestate", "vendor=value");
		calls.record(headers);
		assertCounted(1, 0);
	}

	@Test
	void baggageOrTracestateAloneIsNoContext() {
		OutgoingCalls calls = new OutgoingCalls(this.counters, W3C_FIELDS);
		calls.record(headers("baggage", "tenant=acme"));
		calls.record(headers("tracestate", "vendor=value"));
		assertCounted(0, 2);
	}

	@Test
	void neverThrowsForOddHeaders() {
		OutgoingCalls calls = new OutgoingCalls(this.counters, W3C_FIELDS);
		HttpHeaders headerWithoutValues = new HttpHeaders();
		headerWithoutValues.put("traceparent", new ArrayList<>());
		HttpHeaders readOnly = HttpHeaders.readOnlyHttpHeaders(headers("traceparent", TRACEPARENT));
		HttpHeaders oversized = headers("traceparent", "0".repeat(100_000));
		HttpHeaders blankName = headers("", "x");
		assertThatNoException().isThrownBy(() -> {
			calls.record(headerWithoutValues);
			calls.record(readOnly);
			calls.record(oversized);
			calls.record(blankName);
		});
		assertCounted(2, 2);
	}

	@Test
	void neverThrowsWhenHeadersCannotBeRead() {
		OutgoingCalls calls = new OutgoingCalls(this.counters, W3C_FIELDS);
		HttpHeaders failing = new HttpHeaders() {

			@Override
			public String getFirst(String headerName) {
				throw new IllegalStateException("headers unavailable");
			}

		};
		assertThatNoException().isThrownBy(() -> calls.record(failing));
		assertCounted(0, 0);
		// and it keeps counting afterwards
		calls.record(headers("traceparent", TRACEPARENT));
		assertCounted(1, 0);
	}

	@Test
	void neverThrowsWhenCountingFails() {
		PropagationCounters failing = new PropagationCounters() {

			@Override
			public void outgoing(boolean carriedContext) {
				throw new IllegalStateException("counting failed");
			}

		};
		OutgoingCalls calls = new OutgoingCalls(failing, W3C_FIELDS);
		assertThatNoException().isThrownBy(() -> {
			calls.record(headers("traceparent", TRACEPARENT));
			calls.record(new HttpHeaders());
		});
	}

	@Test
	void forwardsTheCorrelationIdOfTheCallingThreadOnlyWhenConfigured() {
		CorrelationIds ids = new CorrelationIds("X-Request-Id", "requestId", 64, false, this.counters);
		OutgoingCalls forwarding = new OutgoingCalls(this.counters, W3C_FIELDS, AllowedHosts.ALL, ids);
		OutgoingCalls plain = new OutgoingCalls(this.counters, W3C_FIELDS);
		MDC.put("requestId", "order-7");
		try {
			assertThat(forwarding.forwardsCorrelation()).isTrue();
			assertThat(forwarding.currentCorrelationId()).isEqualTo("order-7");
			assertThat(plain.forwardsCorrelation()).isFalse();
			assertThat(plain.currentCorrelationId()).isNull();
		}
		finally {
			MDC.remove("requestId");
		}
		HttpHeaders headers = new HttpHeaders();
		forwarding.forwardCorrelation(headers, "order-7");
		assertThat(headers.get("X-Request-Id")).containsExactly("order-7");
		HttpHeaders untouched = new HttpHeaders();
		plain.forwardCorrelation(untouched, "order-7");
		forwarding.forwardCorrelation(untouched, null);
		assertThat(untouched.isEmpty()).isTrue();
		assertThat(this.counters.correlationForwarded()).isEqualTo(1);
	}

	@Test
	void keepsACorrelationHeaderTheCallSetsItself() {
		CorrelationIds ids = new CorrelationIds("X-Request-Id", "requestId", 64, false, this.counters);
		OutgoingCalls calls = new OutgoingCalls(this.counters, W3C_FIELDS, AllowedHosts.ALL, ids);
		HttpHeaders headers = headers("x-request-id", "chosen-by-the-caller");
		assertThat(calls.setsCorrelation(headers)).isTrue();
		calls.forwardCorrelation(headers, "order-7");
		assertThat(headers.get("X-Request-Id")).containsExactly("chosen-by-the-caller");
		assertThat(this.counters.correlationForwarded()).isZero();
	}

	private void assertCounted(long propagated, long withoutContext) {
		assertThat(this.counters.outgoingPropagated()).as("propagated").isEqualTo(propagated);
		assertThat(this.counters.outgoingWithoutContext()).as("without context").isEqualTo(withoutContext);
	}

	private static HttpHeaders headers(String name, String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.add(name, value);
		return headers;
	}

}
