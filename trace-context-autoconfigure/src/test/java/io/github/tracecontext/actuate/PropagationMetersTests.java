package io.github.tracecontext.actuate;

import io.github.tracecontext.logging.LogCoverage;
import io.github.tracecontext.stats.PropagationCounters;

import io.github.tracecontext.propagation.RequestOutcome;
import io.github.tracecontext.propagation.DroppedHeader;
import java.time.Duration;

import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.w3c.IncomingTraceparent.Outcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PropagationMeters}.
 */
class PropagationMetersTests {

	private final PropagationCounters counters = new PropagationCounters();

	private final LogCoverage logs = new LogCoverage();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void everyOutcomeAndReasonIsRegisteredUpFrontAndReadsTheCounters() {
		bind(false);
		assertThat(count("tracecontext.incoming.requests", "outcome", "rejected", "reason", "uppercase-hex")).isZero();
		assertThat(count("tracecontext.incoming.dropped", "header", "tracestate", "reason", "tracestate-truncated"))
			.isZero();
		this.counters.request(RequestOutcome.CONTINUED, Outcome.ACCEPTED);
		this.counters.request(RequestOutcome.RESTARTED_BY_POLICY, Outcome.ACCEPTED);
		this.counters.request(RequestOutcome.STARTED, Outcome.ABSENT);
		this.counters.request(RequestOutcome.REJECTED, Outcome.UPPERCASE_HEX);
		this.counters.dropped(DroppedHeader.TRACESTATE, "tracestate-truncated");
		this.counters.dropped(DroppedHeader.BAGGAGE, "baggage-oversized");
		this.counters.outgoing(true);
		this.counters.outgoing(false);
		this.counters.recordOutgoingBlocked();
		this.counters.handOff(true);
		this.counters.handOff(false);
		this.logs.withTraceId();
		this.logs.withoutTraceId("main", "com.example.App");
		assertThat(count("tracecontext.incoming.requests", "outcome", "continued", "reason", "none")).isEqualTo(1);
		assertThat(count("tracecontext.incoming.requests", "outcome", "restarted-by-policy", "reason", "none"))
			.isEqualTo(1);
		assertThat(count("tracecontext.incoming.requests", "outcome", "started", "reason", "none")).isEqualTo(1);
		assertThat(count("tracecontext.incoming.requests", "outcome", "rejected", "reason", "uppercase-hex"))
			.isEqualTo(1);
		assertThat(count("tracecontext.incoming.dropped", "header", "tracestate", "reason", "tracestate-truncated"))
			.isEqualTo(1);
		assertThat(count("tracecontext.incoming.dropped", "header", "baggage", "reason", "baggage-oversized"))
			.isEqualTo(1);
		assertThat(count("tracecontext.outgoing.calls", "outcome", "propagated")).isEqualTo(1);
		assertThat(count("tracecontext.outgoing.calls", "outcome", "orphan")).isEqualTo(1);
		assertThat(count("tracecontext.outgoing.calls", "outcome", "blocked-by-policy")).isEqualTo(1);
		assertThat(count("tracecontext.async.handoffs", "outcome", "with-context")).isEqualTo(1);
		assertThat(count("tracecontext.async.handoffs", "outcome", "without-context")).isEqualTo(1);
		assertThat(count("tracecontext.logs.events", "trace-id", "present")).isEqualTo(1);
		assertThat(count("tracecontext.logs.events", "trace-id", "absent")).isEqualTo(1);
		assertThat(this.registry.get("tracecontext.logs.coverage").gauge().value()).isEqualTo(0.5);
	}

	@Test
	void everyIncomingRequestsMeterHasTheSameTagKeys() {
		bind(true);
		assertThat(this.registry.find("tracecontext.incoming.requests").meters()).hasSizeGreaterThan(8)
			.allSatisfy((meter) -> assertThat(keys(meter)).containsExactly("outcome", "reason"));
		assertThat(this.registry.find("tracecontext.incoming.dropped").meters())
			.allSatisfy((meter) -> assertThat(keys(meter)).containsExactly("header", "reason"));
	}

	@Test
	void correlationMetersOnlyWhenTheHeaderIsEnabled() {
		bind(false);
		assertThat(this.registry.find("tracecontext.correlation.requests").meters()).isEmpty();
		SimpleMeterRegistry enabled = new SimpleMeterRegistry();
		new PropagationMeters(this.counters, this.logs, null, true).bindTo(enabled);
		this.counters.correlation(CorrelationIds.Outcome.ACCEPTED);
		this.counters.recordCorrelationForwarded();
		this.counters.rejected(CorrelationIds.OVERSIZED);
		assertThat(
				enabled.get("tracecontext.correlation.requests").tags("outcome", "accepted").functionCounter().count())
			.isEqualTo(1);
		assertThat(enabled.get("tracecontext.correlation.forwarded").functionCounter().count()).isEqualTo(1);
		assertThat(enabled.get("tracecontext.incoming.dropped")
			.tags("header", "correlation", "reason", CorrelationIds.OVERSIZED)
			.functionCounter()
			.count()).isEqualTo(1);
	}

	@Test
	void coverageGaugeIsNaNWithoutLines() {
		bind(false);
		assertThat(this.registry.get("tracecontext.logs.coverage").gauge().value()).isNaN();
	}

	private void bind(boolean correlation) {
		PropagationWindow window = new PropagationWindow(this.counters, this.logs, Duration.ofMinutes(5),
				Duration.ofSeconds(15), System::nanoTime);
		new PropagationMeters(this.counters, this.logs, window, correlation).bindTo(this.registry);
	}

	private double count(String name, String... tags) {
		FunctionCounter counter = this.registry.get(name).tags(tags).functionCounter();
		return counter.count();
	}

	private static java.util.List<String> keys(Meter meter) {
		return meter.getId().getTags().stream().map(io.micrometer.core.instrument.Tag::getKey).toList();
	}

}
