package io.github.tracecontext.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What {@code /check} reports: which tracing is on the class path and which trace ids a
 * log line would carry.
 */
final class Probe {

	/**
	 * A logger of its own, used by {@code /check} only: its events go to {@link #CAPTURE}
	 * and nowhere else.
	 */
	private static final Logger LOGGER = (Logger) LoggerFactory.getLogger(Probe.class);

	private static final Capture CAPTURE = new Capture();

	static {
		CAPTURE.setContext(LOGGER.getLoggerContext());
		CAPTURE.start();
		LOGGER.setLevel(Level.INFO);
		LOGGER.setAdditive(false);
		LOGGER.addAppender(CAPTURE);
	}

	private Probe() {
	}

	/**
	 * The trace id in the MDC under Boot's key ({@code traceId}, set by Micrometer
	 * Tracing) and the one a log event logged here carries under the agent's key
	 * ({@code trace_id}: the OpenTelemetry agent adds it to each event's MDC map as the
	 * event passes to the appenders, rather than to the thread's MDC).
	 * @return {@code mdc.traceId=... event.trace_id=...}, {@code -} where absent
	 */
	static String traceIds() {
		LOGGER.info("probe");
		Map<String, String> eventMdc = CAPTURE.last.get();
		CAPTURE.last.remove();
		return "mdc.traceId=" + orDash(MDC.get("traceId")) + " event.trace_id="
				+ orDash((eventMdc != null) ? eventMdc.get("trace_id") : null);
	}

	/**
	 * Which of the libraries that make the configurations are present.
	 * @return one line of {@code name=true|false}
	 */
	static String classes() {
		boolean agent = ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.anyMatch((argument) -> argument.startsWith("-javaagent:"));
		return "micrometerTracing=" + present("io.micrometer.tracing.Tracer") + " otelSdk="
				+ present("io.opentelemetry.sdk.trace.SdkTracerProvider") + " starter="
				+ present("io.github.tracecontext.autoconfigure.TraceContextAutoConfiguration") + " actuator="
				+ present("org.springframework.boot.actuate.endpoint.annotation.Endpoint") + " javaagent=" + agent;
	}

	private static boolean present(String className) {
		try {
			Class.forName(className, false, Probe.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	private static String orDash(String value) {
		return (value != null && !value.isEmpty()) ? value : "-";
	}

	/** Keeps the MDC map of the last event logged on each thread. */
	private static final class Capture extends AppenderBase<ILoggingEvent> {

		private final ThreadLocal<Map<String, String>> last = new ThreadLocal<>();

		@Override
		protected void append(ILoggingEvent event) {
			this.last.set(event.getMDCPropertyMap());
		}

	}

}
