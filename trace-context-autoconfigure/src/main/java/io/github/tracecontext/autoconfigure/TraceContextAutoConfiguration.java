package io.github.tracecontext.autoconfigure;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;

import io.github.tracecontext.stats.InstrumentedComponents;
import io.github.tracecontext.logging.LogCoverage;
import io.github.tracecontext.actuate.PropagationWindow;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.correlation.CorrelationIds;
import io.github.tracecontext.propagation.CallerPolicy;
import io.github.tracecontext.task.ContextAccessorsRegistration;
import io.github.tracecontext.correlation.CorrelationIdAccessor;
import io.github.tracecontext.task.ContextHandOff;
import io.github.tracecontext.task.MdcContextAccessor;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.contextpropagation.ObservationAwareBaggageThreadLocalAccessor;
import io.micrometer.tracing.contextpropagation.ObservationAwareSpanThreadLocalAccessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The starter's core: its properties, the counters and inventory every integration
 * reports to, and the context-propagation accessors (raw {@code Tracer} spans, baggage,
 * the MDC) that executors and Reactor use to carry context across threads.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "trace-context.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TraceContextProperties.class)
public final class TraceContextAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PropagationCounters traceContextPropagationCounters() {
		return new PropagationCounters();
	}

	@Bean
	@ConditionalOnMissingBean
	LogCoverage traceContextLogCoverage() {
		return new LogCoverage();
	}

	/**
	 * The counters over the last five minutes, ticking every 15 seconds on a daemon
	 * thread.
	 */
	@Bean
	@ConditionalOnMissingBean
	PropagationWindow traceContextPropagationWindow(PropagationCounters counters, LogCoverage logCoverage) {
		PropagationWindow window = new PropagationWindow(counters, logCoverage, Duration.ofMinutes(5),
				Duration.ofSeconds(15), System::nanoTime);
		window.start(Duration.ofSeconds(15));
		return window;
	}

	/**
	 * Which callers may continue their trace and set the correlation id:
	 * {@code trace-context.incoming.*}, unless the application defines its own
	 * {@link CallerPolicy} (to trust by client certificate or a gateway's header, say).
	 */
	@Bean
	@ConditionalOnMissingBean
	CallerPolicy traceContextCallerPolicy(TraceContextProperties properties) {
		return WebSettings.callerPolicy(properties.getIncoming());
	}

	@Bean
	@ConditionalOnMissingBean
	InstrumentedComponents traceContextInstrumentedComponents() {
		return new InstrumentedComponents();
	}

	@Bean
	@ConditionalOnMissingBean
	ContextHandOff traceContextHandOff() {
		return ContextHandOff.create();
	}

	/**
	 * The legacy correlation header ({@code trace-context.correlation.*}, off by
	 * default).
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "trace-context.correlation.enabled")
	CorrelationIds traceContextCorrelationIds(TraceContextProperties properties, PropagationCounters counters) {
		TraceContextProperties.Correlation correlation = properties.getCorrelation();
		return new CorrelationIds(correlation.getHeader(), correlation.getMdcKey(), correlation.getMaxLength(),
				correlation.isGenerate(), counters);
	}

	@Bean
	@ConditionalOnMissingBean
	ContextAccessorsRegistration traceContextAccessorsRegistration(ContextHandOff handOff,
			ObjectProvider<Tracer> tracer, ObjectProvider<ObservationRegistry> registry, PropagationCounters counters,
			TraceContextProperties properties, ObjectProvider<CorrelationIds> correlationIds, Environment environment) {
		List<ThreadLocalAccessor<?>> accessors = new ArrayList<>();
		Tracer current = tracer.getIfAvailable(() -> Tracer.NOOP);
		if (current != Tracer.NOOP) {
			ObservationRegistry observations = registry.getIfAvailable(() -> ObservationRegistry.NOOP);
			accessors.add(new ObservationAwareSpanThreadLocalAccessor(observations, current));
			accessors.add(new ObservationAwareBaggageThreadLocalAccessor(observations, current));
		}
		accessors.add(new MdcContextAccessor(MdcKeys.of(properties, environment).traceId(), counters::handOff));
		correlationIds.ifAvailable((ids) -> accessors.add(new CorrelationIdAccessor(ids.mdcKey())));
		return new ContextAccessorsRegistration(accessors, handOff);
	}

}
