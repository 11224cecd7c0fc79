package io.github.tracecontext.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.tracecontext.actuate.TraceContextDescriptor.Async;
import io.github.tracecontext.actuate.TraceContextDescriptor.Correlation;
import io.github.tracecontext.actuate.TraceContextDescriptor.Counters;
import io.github.tracecontext.actuate.TraceContextDescriptor.Incoming;
import io.github.tracecontext.actuate.TraceContextDescriptor.Logs;
import io.github.tracecontext.actuate.TraceContextDescriptor.Outgoing;
import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.propagation.DroppedHeader;
import io.github.tracecontext.propagation.RequestOutcome;
import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.stats.InstrumentedComponents.Component;
import io.github.tracecontext.logging.LogCoverage;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.traces.RecentSpans;
import io.github.tracecontext.traces.TraceTree;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * {@code /actuator/tracecontext}: the effective settings, which integrations are active,
 * which beans are instrumented and the propagation counters since start;
 * {@code /actuator/tracecontext/traces} and
 * {@code /actuator/tracecontext/traces/{traceId}}: the recently finished spans, when they
 * are kept. Read-only.
 */
@Endpoint(id = "tracecontext")
public class TraceContextEndpoint {

	static final String PROPAGATE_CONTEXT = "spring.task.execution.propagate-context";

	static final String REACTOR_CONTEXT_PROPAGATION = "spring.reactor.context-propagation";

	static final String TRACES = "traces";

	private final Map<String, Object> settings;

	private final Map<String, Boolean> integrations;

	private final PropagationCounters counters;

	private final InstrumentedComponents components;

	private final LogCoverage logCoverage;

	private final ConfigurableEnvironment environment;

	private final @Nullable PropagationWindow window;

	private final @Nullable RecentSpans recentSpans;

	/**
	 * Create the endpoint.
	 * @param settings the effective {@code trace-context.*} settings
	 * @param integrations integration name to whether it is active
	 * @param counters the counters
	 * @param components the inventory of instrumented beans
	 * @param logCoverage log lines with and without a trace id
	 * @param environment the environment, to tell where async settings came from
	 */
	public TraceContextEndpoint(Map<String, Object> settings, Map<String, Boolean> integrations,
			PropagationCounters counters, InstrumentedComponents components, LogCoverage logCoverage,
			ConfigurableEnvironment environment) {
		this(settings, integrations, counters, components, logCoverage, environment, null, null);
	}

	/**
	 * Create the endpoint with recent figures and the recent traces view.
	 * @param settings the effective {@code trace-context.*} settings
	 * @param integrations integration name to whether it is active
	 * @param counters the counters
	 * @param components the inventory of instrumented beans
	 * @param logCoverage log lines with and without a trace id
	 * @param environment the environment, to tell where async settings came from
	 * @param window the counters over the recent window, {@code null} for none
	 * @param recentSpans the recently finished spans, or {@code null} when they are not
	 * kept
	 */
	public TraceContextEndpoint(Map<String, Object> settings, Map<String, Boolean> integrations,
			PropagationCounters counters, InstrumentedComponents components, LogCoverage logCoverage,
			ConfigurableEnvironment environment, @Nullable PropagationWindow window,
			@Nullable RecentSpans recentSpans) {
		this.settings = settings;
		this.integrations = integrations;
		this.counters = counters;
		this.components = components;
		this.logCoverage = logCoverage;
		this.environment = environment;
		this.window = window;
		this.recentSpans = recentSpans;
	}

	@ReadOperation
	public TraceContextDescriptor traceContext() {
		Map<String, Object> effective = new LinkedHashMap<>(this.settings);
		Map<String, Object> asyncSettings = new LinkedHashMap<>();
		asyncSettings.put("propagateContext", this.environment.getProperty(PROPAGATE_CONTEXT, Boolean.class, false));
		asyncSettings.put("propagateContextSource", sourceOf(PROPAGATE_CONTEXT));
		effective.put("async", asyncSettings);
		Map<String, Object> reactive = new LinkedHashMap<>();
		reactive.put("contextPropagation", this.environment.getProperty(REACTOR_CONTEXT_PROPAGATION, "limited"));
		reactive.put("contextPropagationSource", sourceOf(REACTOR_CONTEXT_PROPAGATION));
		effective.put("reactive", reactive);
		Map<String, List<Component>> instrumented = new LinkedHashMap<>();
		instrumented.put("restTemplates", this.components.ofKind("rest-template"));
		instrumented.put("restClients", this.components.ofKind("rest-client"));
		instrumented.put("webClients", this.components.ofKind("web-client"));
		instrumented.put("executors", this.components.ofKind("executor"));
		PropagationCounters c = this.counters;
		Map<String, TraceContextDescriptor.Dropped> dropped = new LinkedHashMap<>();
		for (DroppedHeader header : List.of(DroppedHeader.TRACESTATE, DroppedHeader.BAGGAGE)) {
			dropped.put(header.tag(),
					new TraceContextDescriptor.Dropped(c.droppedTotal(header), c.droppedByReason(header)));
		}
		Incoming incoming = new Incoming(c.requests(), c.requests(RequestOutcome.CONTINUED),
				c.requests(RequestOutcome.STARTED), c.requests(RequestOutcome.REJECTED),
				c.requests(RequestOutcome.RESTARTED_BY_POLICY), c.requests(RequestOutcome.EXCLUDED),
				c.rejectedByReason(), dropped);
		Outgoing outgoing = new Outgoing(this.counters.outgoingPropagated(), this.counters.outgoingWithoutContext(),
				this.counters.outgoingBlocked());
		Async async = new Async(this.counters.handOffsWithContext(), this.counters.handOffsWithoutContext());
		Logs logs = new Logs(this.logCoverage.withTraceIdCount(), this.logCoverage.withoutTraceIdCount(),
				this.logCoverage.withoutTraceIdBySource());
		Correlation correlation = new Correlation(this.counters.correlationCount(CorrelationIds.Outcome.ACCEPTED),
				this.counters.correlationCount(CorrelationIds.Outcome.ABSENT),
				this.counters.correlationCount(CorrelationIds.Outcome.REJECTED),
				this.counters.droppedByReason(DroppedHeader.CORRELATION),
				this.counters.correlationCount(CorrelationIds.Outcome.UNTRUSTED),
				this.counters.correlationCount(CorrelationIds.Outcome.GENERATED), this.counters.correlationForwarded());
		return new TraceContextDescriptor(effective, this.integrations, instrumented,
				new Counters(incoming, outgoing, async, logs, correlation), recent());
	}

	private TraceContextDescriptor.@Nullable Recent recent() {
		if (this.window == null) {
			return null;
		}
		RecentFigures recent = this.window.recent();
		RecentFigures.Counts counts = recent.counts();
		return new TraceContextDescriptor.Recent(recent.span().toString(), RecentSummary.of(recent),
				new TraceContextDescriptor.RecentIncoming(counts.requests(), recent.perSecond(counts.requests()),
						recent.continuedShare(), recent.rejectedShare(), counts.started(), counts.restartedByPolicy(),
						counts.excluded()),
				new TraceContextDescriptor.RecentOutgoing(counts.calls(), recent.perSecond(counts.calls()),
						recent.propagatedShare(), counts.orphan(), counts.blockedByPolicy()),
				new TraceContextDescriptor.RecentAsync(counts.handOffs(), recent.handOffsWithContextShare(),
						counts.handOffsWithoutContext()),
				new TraceContextDescriptor.RecentLogs(counts.logLines(), recent.logCoverage(),
						recent.logSourcesWithoutTraceId()));
	}

	/**
	 * {@code /actuator/tracecontext/traces}: the traces of the kept spans, newest first.
	 * @param section {@code traces}
	 * @return the traces, or {@code null} (404) when spans are not kept or for another
	 * section
	 */
	@ReadOperation
	public @Nullable RecentTracesDescriptor traces(@Selector String section) {
		RecentSpans spans = this.recentSpans;
		return (spans != null && TRACES.equals(section)) ? RecentTracesDescriptor.of(spans.recent()) : null;
	}

	/**
	 * {@code /actuator/tracecontext/traces/{traceId}}: the kept spans of one trace as a
	 * tree.
	 * @param section {@code traces}
	 * @param traceId the trace id
	 * @return the tree, or {@code null} (404) when no span of that trace is kept
	 */
	@ReadOperation
	public @Nullable TraceTreeDescriptor trace(@Selector String section, @Selector String traceId) {
		RecentSpans spans = this.recentSpans;
		TraceTree tree = (spans != null && TRACES.equals(section)) ? spans.trace(traceId) : null;
		return (tree != null) ? TraceTreeDescriptor.of(tree) : null;
	}

	// The property source that set a value: the starter's "traceContextDefaults", or the
	// application's.
	private String sourceOf(String property) {
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (!ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
					&& source.containsProperty(property)) {
				return source.getName();
			}
		}
		return "spring-boot-default";
	}

}
