package io.github.tracecontext.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * A Logback appender on the root logger that keeps every event with the MDC as it was on
 * the logging thread at the moment of the call.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final List<Line> lines = new CopyOnWriteArrayList<>();

	public static CapturedLogs attach() {
		CapturedLogs appender = new CapturedLogs();
		appender.setName("captured-logs");
		appender.start();
		root().addAppender(appender);
		return appender;
	}

	@Override
	protected void append(ILoggingEvent event) {
		// Read the MDC now, on the logging thread: Logback fills it lazily otherwise.
		this.lines.add(new Line(event.getLoggerName(), event.getThreadName(), event.getFormattedMessage(),
				Map.copyOf(event.getMDCPropertyMap())));
	}

	public List<Line> lines() {
		return List.copyOf(this.lines);
	}

	public List<Line> containing(String text) {
		return this.lines.stream().filter((line) -> line.message().contains(text)).toList();
	}

	public Line single(String text) {
		List<Line> matching = containing(text);
		if (matching.size() != 1) {
			throw new AssertionError("expected one log line with '" + text + "' but got " + matching);
		}
		return matching.get(0);
	}

	public void clear() {
		this.lines.clear();
	}

	@Override
	public void close() {
		root().detachAppender(this);
		stop();
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	public record Line(String logger, String thread, String message, Map<String, String> mdc) {
	}

}
