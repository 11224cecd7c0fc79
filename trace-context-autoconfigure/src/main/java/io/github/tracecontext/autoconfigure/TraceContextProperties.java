package io.github.tracecontext.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.tracecontext.correlation.CorrelationIds;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the trace context starter.
 * <p>
 * A bounded value out of its range fails start-up with a binding error naming the
 * property and the range: Spring Boot validates a {@code @ConfigurationProperties} object
 * that is a {@link Validator} itself, without Bean Validation on the class path.
 */
@ConfigurationProperties("trace-context")
public class TraceContextProperties implements Validator {

	/**
	 * Whether the starter is enabled at all.
	 */
	private boolean enabled = true;

	private final Mdc mdc = new Mdc();

	private final Web web = new Web();

	private final Client client = new Client();

	private final Async async = new Async();

	private final Propagation propagation = new Propagation();

	private final Incoming incoming = new Incoming();

	private final Outgoing outgoing = new Outgoing();

	private final Correlation correlation = new Correlation();

	private final Health health = new Health();

	private final Traces traces = new Traces();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Mdc getMdc() {
		return this.mdc;
	}

	public Web getWeb() {
		return this.web;
	}

	public Client getClient() {
		return this.client;
	}

	public Async getAsync() {
		return this.async;
	}

	public Propagation getPropagation() {
		return this.propagation;
	}

	public Incoming getIncoming() {
		return this.incoming;
	}

	public Outgoing getOutgoing() {
		return this.outgoing;
	}

	public Correlation getCorrelation() {
		return this.correlation;
	}

	public Health getHealth() {
		return this.health;
	}

	public Traces getTraces() {
		return this.traces;
	}

	@Override
	public boolean supports(Class<?> type) {
		return TraceContextProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		TraceContextProperties properties = (TraceContextProperties) target;
		int maxLength = properties.getCorrelation().getMaxLength();
		if (maxLength < 1 || maxLength > CorrelationIds.MAX_LENGTH_LIMIT) {
			reject(errors, "correlation.maxLength", "correlation.max-length",
					"between 1 and " + CorrelationIds.MAX_LENGTH_LIMIT);
		}
		double minLogCoverage = properties.getHealth().getMinLogCoverage();
		if (!(minLogCoverage >= 0 && minLogCoverage <= 1)) { // NaN too
			reject(errors, "health.minLogCoverage", "health.min-log-coverage", "between 0 and 1");
		}
		if (properties.getHealth().getMinLogLines() < 0) {
			reject(errors, "health.minLogLines", "health.min-log-lines", "at least 0");
		}
		if (properties.getTraces().getMaxSpans() < 1) {
			reject(errors, "traces.maxSpans", "traces.max-spans", "at least 1");
		}
		if (properties.getTraces().getMaxBytes().toBytes() < 1) {
			reject(errors, "traces.maxBytes", "traces.max-bytes", "at least 1B");
		}
	}

	// the message names the property key: Boot shows a nested field by its Java path only
	private static void reject(Errors errors, String field, String key, String range) {
		errors.rejectValue(field, "outOfRange", "trace-context." + key + " must be " + range);
	}

	public static class Mdc {

		/**
		 * Whether the starter sets the MDC key names below (otherwise Spring Boot's
		 * listener applies, with its fixed names).
		 */
		private boolean enabled = true;

		/**
		 * MDC key holding the current trace id. When not set,
		 * 'management.tracing.mdc.trace-id-key' (newer Spring Boot versions) applies if
		 * set.
		 */
		private String traceIdKey = "traceId";

		/**
		 * MDC key holding the current span id. When not set,
		 * 'management.tracing.mdc.span-id-key' (newer Spring Boot versions) applies if
		 * set.
		 */
		private String spanIdKey = "spanId";

		private final Coverage coverage = new Coverage();

		public Coverage getCoverage() {
			return this.coverage;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getTraceIdKey() {
			return this.traceIdKey;
		}

		public void setTraceIdKey(String traceIdKey) {
			this.traceIdKey = traceIdKey;
		}

		public String getSpanIdKey() {
			return this.spanIdKey;
		}

		public void setSpanIdKey(String spanIdKey) {
			this.spanIdKey = spanIdKey;
		}

	}

	public static class Coverage {

		/**
		 * Whether to count the application's log lines with and without a trace id
		 * (Logback only), to show where context gets lost.
		 */
		private boolean enabled = true;

		/**
		 * Logger name prefixes whose lines are expected to carry a trace id. Defaults to
		 * the application's packages (those of its '@SpringBootApplication' class).
		 */
		private List<String> packages = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getPackages() {
			return this.packages;
		}

		public void setPackages(List<String> packages) {
			this.packages = packages;
		}

	}

	public static class Web {

		/**
		 * Path patterns (Spring's PathPattern syntax, within the application) that get no
		 * server span; an incoming trace context is still put in the MDC and passed on.
		 */
		private List<String> excludedPaths = new ArrayList<>();

		/**
		 * Whether the actuator base path ('management.endpoints.web.base-path') is
		 * excluded too.
		 */
		private boolean excludeActuator = true;

		private final Toggle servlet = new Toggle();

		private final Reactive reactive = new Reactive();

		private final Response response = new Response();

		public List<String> getExcludedPaths() {
			return this.excludedPaths;
		}

		public void setExcludedPaths(List<String> excludedPaths) {
			this.excludedPaths = excludedPaths;
		}

		public boolean isExcludeActuator() {
			return this.excludeActuator;
		}

		public void setExcludeActuator(boolean excludeActuator) {
			this.excludeActuator = excludeActuator;
		}

		public Toggle getServlet() {
			return this.servlet;
		}

		public Reactive getReactive() {
			return this.reactive;
		}

		public Response getResponse() {
			return this.response;
		}

	}

	public static class Reactive {

		/**
		 * Whether the WebFlux integration is enabled. Also makes
		 * 'spring.reactor.context-propagation' default to 'auto', so that the MDC holds
		 * the trace in controllers and operators; a value the application sets itself
		 * wins.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class Response {

		/**
		 * Whether responses carry the W3C 'traceresponse' header.
		 */
		private boolean traceresponse = true;

		private final TraceIdHeader traceIdHeader = new TraceIdHeader();

		public boolean isTraceresponse() {
			return this.traceresponse;
		}

		public void setTraceresponse(boolean traceresponse) {
			this.traceresponse = traceresponse;
		}

		public TraceIdHeader getTraceIdHeader() {
			return this.traceIdHeader;
		}

	}

	public static class TraceIdHeader {

		/**
		 * Whether responses carry a plain header holding only the trace id.
		 */
		private boolean enabled;

		/**
		 * Name of the plain trace id response header.
		 */
		private String name = "X-Trace-Id";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

	public static class Client {

		private final Toggle restTemplate = new Toggle();

		private final Toggle restClient = new Toggle();

		private final Toggle webClient = new Toggle();

		public Toggle getRestTemplate() {
			return this.restTemplate;
		}

		public Toggle getRestClient() {
			return this.restClient;
		}

		public Toggle getWebClient() {
			return this.webClient;
		}

	}

	public static class Async {

		/**
		 * Whether tasks handed to executors and schedulers carry the submitter's trace
		 * context: executor beans however made, '@Async', '@Scheduled'. Also makes
		 * 'spring.task.execution.propagate-context' default to true; setting that
		 * property to false switches this off too.
		 */
		private boolean enabled = true;

		/**
		 * Names of executor beans to leave untouched.
		 */
		private List<String> ignoredBeans = new ArrayList<>();

		public List<String> getIgnoredBeans() {
			return this.ignoredBeans;
		}

		public void setIgnoredBeans(List<String> ignoredBeans) {
			this.ignoredBeans = ignoredBeans;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class Propagation {

		/**
		 * Whether incoming W3C Trace Context headers are read by the starter's strict
		 * reader (every header line, the current tracestate grammar, size bounds) instead
		 * of OpenTelemetry's default one.
		 */
		private boolean strict = true;

		public boolean isStrict() {
			return this.strict;
		}

		public void setStrict(boolean strict) {
			this.strict = strict;
		}

	}

	public static class Incoming {

		/**
		 * Addresses (IP or CIDR, IPv4 or IPv6) of the callers whose trace is continued,
		 * typically the trusted proxies in front of the application. Others start a new
		 * trace that keeps a span link to theirs. Empty trusts every caller.
		 */
		private List<String> trustedAddresses = new ArrayList<>();

		/**
		 * Path patterns where a caller's trace is never continued: a new trace starts and
		 * keeps a span link to the caller's.
		 */
		private List<String> untrustedPaths = new ArrayList<>();

		/**
		 * Baggage keys kept from callers whose trace is not continued; others are
		 * dropped.
		 */
		private List<String> baggageAllowlist = new ArrayList<>();

		public List<String> getTrustedAddresses() {
			return this.trustedAddresses;
		}

		public void setTrustedAddresses(List<String> trustedAddresses) {
			this.trustedAddresses = trustedAddresses;
		}

		public List<String> getUntrustedPaths() {
			return this.untrustedPaths;
		}

		public void setUntrustedPaths(List<String> untrustedPaths) {
			this.untrustedPaths = untrustedPaths;
		}

		public List<String> getBaggageAllowlist() {
			return this.baggageAllowlist;
		}

		public void setBaggageAllowlist(List<String> baggageAllowlist) {
			this.baggageAllowlist = baggageAllowlist;
		}

	}

	public static class Outgoing {

		/**
		 * Destination hosts that receive trace headers ('traceparent', 'tracestate',
		 * 'baggage' and any other the configured propagation writes): exact names or
		 * '*.example.com'. Calls to other hosts leave without them. Empty allows every
		 * host.
		 */
		private List<String> allowedHosts = new ArrayList<>();

		public List<String> getAllowedHosts() {
			return this.allowedHosts;
		}

		public void setAllowedHosts(List<String> allowedHosts) {
			this.allowedHosts = allowedHosts;
		}

	}

	public static class Health {

		/**
		 * Lowest acceptable share of log lines with a trace id over the last 5 minutes,
		 * between 0 and 1; below it the 'tracecontext' health contribution reports the
		 * degraded status.
		 */
		private double minLogCoverage = 0.9;

		/**
		 * Fewest log lines over the last 5 minutes to judge the share by, at least 0;
		 * with fewer the contribution stays UP.
		 */
		private long minLogLines = 100;

		/**
		 * Status reported below the threshold: UP (details only, the default, so that
		 * lost trace ids never take an instance out of service), or for example DEGRADED,
		 * OUT_OF_SERVICE or DOWN.
		 */
		private String degradedStatus = "UP";

		public double getMinLogCoverage() {
			return this.minLogCoverage;
		}

		public void setMinLogCoverage(double minLogCoverage) {
			this.minLogCoverage = minLogCoverage;
		}

		public long getMinLogLines() {
			return this.minLogLines;
		}

		public void setMinLogLines(long minLogLines) {
			this.minLogLines = minLogLines;
		}

		public String getDegradedStatus() {
			return this.degradedStatus;
		}

		public void setDegradedStatus(String degradedStatus) {
			this.degradedStatus = degradedStatus;
		}

	}

	public static class Correlation {

		/**
		 * Whether a legacy correlation header is supported: taken from trusted callers
		 * (see 'trace-context.incoming'), put in the MDC, echoed on the response and
		 * forwarded on outgoing calls to allowed hosts.
		 */
		private boolean enabled = false;

		/**
		 * Name of the correlation header.
		 */
		private String header = "X-Request-Id";

		/**
		 * MDC key holding the correlation id.
		 */
		private String mdcKey = "requestId";

		/**
		 * Whether a request without a usable correlation id (none, an invalid one, or one
		 * from a caller that is not trusted) gets a generated one (a random UUID).
		 */
		private boolean generate = false;

		/**
		 * Whether the correlation id is echoed on the response.
		 */
		private boolean echo = true;

		/**
		 * Whether the correlation id is forwarded on outgoing calls.
		 */
		private boolean forward = true;

		/**
		 * Longest accepted correlation id, between 1 and 1024. Accepted ids are made of
		 * letters, digits and '-._~:/+=@' only; other ids are dropped and counted.
		 */
		private int maxLength = 128;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

		public String getMdcKey() {
			return this.mdcKey;
		}

		public void setMdcKey(String mdcKey) {
			this.mdcKey = mdcKey;
		}

		public boolean isGenerate() {
			return this.generate;
		}

		public void setGenerate(boolean generate) {
			this.generate = generate;
		}

		public boolean isEcho() {
			return this.echo;
		}

		public void setEcho(boolean echo) {
			this.echo = echo;
		}

		public boolean isForward() {
			return this.forward;
		}

		public void setForward(boolean forward) {
			this.forward = forward;
		}

		public int getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(int maxLength) {
			this.maxLength = maxLength;
		}

	}

	public static class Toggle {

		/**
		 * Whether this integration is enabled.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class Traces {

		/**
		 * Whether recently finished spans are kept in memory and shown at
		 * '/actuator/tracecontext/traces'. Takes effect only while the 'tracecontext'
		 * endpoint is available (exposed over HTTP or JMX); only sampled spans are kept.
		 */
		private boolean enabled = true;

		/**
		 * Maximum number of spans kept, at least 1; the oldest are dropped first.
		 */
		private int maxSpans = 1000;

		/**
		 * Maximum estimated memory held by the kept spans, at least 1B; the oldest are
		 * dropped first.
		 */
		private DataSize maxBytes = DataSize.ofMegabytes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxSpans() {
			return this.maxSpans;
		}

		public void setMaxSpans(int maxSpans) {
			this.maxSpans = maxSpans;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

	}

}
