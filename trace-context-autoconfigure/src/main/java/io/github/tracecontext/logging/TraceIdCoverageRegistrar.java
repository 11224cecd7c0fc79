package io.github.tracecontext.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Attaches the {@link TraceIdCoverageFilter} once the application is ready (start-up
 * lines have no trace to carry) and detaches it when the context closes.
 */
public final class TraceIdCoverageRegistrar implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

	private final TraceIdCoverageFilter filter;

	public TraceIdCoverageRegistrar(TraceIdCoverageFilter filter) {
		this.filter = filter;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
				&& !context.getTurboFilterList().contains(this.filter)) {
			this.filter.start();
			context.addTurboFilter(this.filter);
		}
	}

	@Override
	public void destroy() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			context.getTurboFilterList().remove(this.filter);
		}
		this.filter.stop();
	}

}
