package io.github.tracecontext.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU samples of a JFR recording (run.sh --profile) go: the share of
 * {@code jdk.ExecutionSample} events whose stack holds a frame of each library
 * (inclusive), the share charged to each library (each sample to the library of its
 * top-most frame outside the JDK), the hottest top frames (self), and for one package or
 * class prefix ({@code --focus=prefix[,prefix...]}, or {@code --focus=starter} for the
 * starter's packages) the outermost frame of that prefix in each sample that has one,
 * with the top frames below it.
 *
 * <p>
 * Run:
 * {@code java -cp benchmarks-load-app.jar io.github.tracecontext.benchmarks.load.JfrSummary [--focus=...] [--last=S] [--top=N] file.jfr...};
 * {@code --last=S} keeps only the samples of the last S seconds of each file (run.sh's
 * dumps hold whole JFR chunks, which can reach back before the measured window). Stacks
 * in JFR are cut at 64 frames by default; a frame below that cut is not seen, so
 * inclusive shares of outer frames are lower bounds.
 */
public final class JfrSummary {

	/**
	 * The starter's packages (the benchmark application lives under
	 * io.github.tracecontext too).
	 */
	private static final List<String> STARTER_PACKAGES = List.of("io.github.tracecontext.actuate.",
			"io.github.tracecontext.autoconfigure.", "io.github.tracecontext.client.",
			"io.github.tracecontext.internal.", "io.github.tracecontext.logging.",
			"io.github.tracecontext.propagation.", "io.github.tracecontext.stats.", "io.github.tracecontext.task.",
			"io.github.tracecontext.traces.", "io.github.tracecontext.web.");

	/**
	 * Libraries for the "charged" view, first match wins: each sample is charged to the
	 * library of its top-most frame outside the JDK (JDK frames such as HashMap.get count
	 * for the code that called them).
	 */
	private static final String[][] LIBRARIES = { { "io.github.tracecontext.benchmarks.", "the application" },
			{ "io.github.tracecontext.", "starter" }, { "io.micrometer.tracing.", "Micrometer Tracing" },
			{ "io.micrometer.observation.", "Micrometer Observation" },
			{ "io.micrometer.context.", "context-propagation" }, { "io.micrometer.", "Micrometer (other)" },
			{ "io.opentelemetry.", "OpenTelemetry" },
			{ "org.springframework.web.filter.ServerHttpObservationFilter", "Spring ServerHttpObservationFilter" },
			{ "org.springframework.http.client.", "Spring HTTP client" },
			{ "org.springframework.web.client.", "Spring RestClient" },
			{ "org.springframework.core.task.", "Spring task" }, { "org.springframework.scheduling.", "Spring task" },
			{ "org.springframework.aop.", "Spring AOP (@Async)" },
			{ "org.springframework.boot.logging.", "Boot logging" }, { "org.springframework.boot.", "Boot (other)" },
			{ "org.springframework.web.servlet.", "Spring MVC" }, { "org.springframework.web.method.", "Spring MVC" },
			{ "org.springframework.", "Spring (other)" }, { "ch.qos.logback.", "logback" }, { "org.slf4j.", "slf4j" },
			{ "org.apache.", "Tomcat" }, { "jdk.internal.net.http.", "JDK HttpClient" } };

	private static final List<String> JDK = List.of("java.", "javax.", "jdk.internal.misc.", "jdk.internal.reflect.",
			"jdk.internal.util.", "sun.", "jdk.jfr.");

	/** Inclusive groups: name and class-name prefixes. */
	private static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

	static {
		GROUPS.put("starter (io.github.tracecontext, not the benchmark app)", STARTER_PACKAGES);
		GROUPS.put("Micrometer Tracing (io.micrometer.tracing)", List.of("io.micrometer.tracing."));
		GROUPS.put("Micrometer Observation (io.micrometer.observation)", List.of("io.micrometer.observation."));
		GROUPS.put("context-propagation (io.micrometer.context)", List.of("io.micrometer.context."));
		GROUPS.put("OpenTelemetry (io.opentelemetry)", List.of("io.opentelemetry."));
		GROUPS.put("Spring ServerHttpObservationFilter",
				List.of("org.springframework.web.filter.ServerHttpObservationFilter"));
		GROUPS.put("Spring Boot (org.springframework.boot)", List.of("org.springframework.boot."));
		GROUPS.put("logback (ch.qos.logback)", List.of("ch.qos.logback."));
		GROUPS.put("Tomcat (org.apache)", List.of("org.apache."));
		GROUPS.put("Spring MVC DispatcherServlet", List.of("org.springframework.web.servlet.DispatcherServlet"));
		GROUPS.put("JDK HttpClient (jdk.internal.net.http)", List.of("jdk.internal.net.http."));
		GROUPS.put("the application (io.github.tracecontext.benchmarks.load)",
				List.of("io.github.tracecontext.benchmarks.load."));
	}

	private JfrSummary() {
	}

	public static void main(String[] args) throws IOException {
		String focus = null;
		int top = 20;
		long lastSeconds = 0;
		List<Path> files = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith("--focus=")) {
				focus = arg.substring("--focus=".length());
			}
			else if (arg.startsWith("--last=")) {
				lastSeconds = Long.parseLong(arg.substring("--last=".length()));
			}
			else if (arg.startsWith("--top=")) {
				top = Integer.parseInt(arg.substring("--top=".length()));
			}
			else {
				files.add(Path.of(arg));
			}
		}
		if (files.isEmpty()) {
			System.err.println(
					"usage: JfrSummary [--focus=prefix[,prefix...]|starter] [--last=seconds] [--top=N] file.jfr...");
			System.exit(2);
		}
		List<List<String>> stacks = new ArrayList<>();
		for (Path file : files) {
			List<RecordedEvent> events = RecordingFile.readAllEvents(file)
				.stream()
				.filter((event) -> event.getEventType().getName().equals("jdk.ExecutionSample"))
				.toList();
			// a dump holds whole chunks, so it can reach back before the measured window:
			// keep the last seconds
			java.time.Instant end = events.stream()
				.map(RecordedEvent::getStartTime)
				.max(java.util.Comparator.naturalOrder())
				.orElse(java.time.Instant.MAX);
			java.time.Instant from = (lastSeconds > 0) ? end.minusSeconds(lastSeconds) : java.time.Instant.MIN;
			for (RecordedEvent event : events) {
				if (event.getStartTime().isBefore(from)) {
					continue;
				}
				RecordedStackTrace trace = event.getStackTrace();
				if (trace == null) {
					continue;
				}
				List<String> frames = new ArrayList<>();
				for (RecordedFrame frame : trace.getFrames()) {
					RecordedMethod method = frame.getMethod();
					frames.add(method.getType().getName() + "." + method.getName());
				}
				stacks.add(frames);
			}
		}
		print(stacks, focus, top);
	}

	static void print(List<List<String>> stacks, String focus, int top) {
		int total = stacks.size();
		System.out.println("CPU samples (jdk.ExecutionSample): " + total);
		if (total == 0) {
			return;
		}
		System.out.println();
		System.out.println("Inclusive: share of samples with a frame of");
		for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
			long count = stacks.stream()
				.filter((frames) -> frames.stream().anyMatch((f) -> startsWithAny(f, group.getValue())))
				.count();
			System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * count / total, group.getKey());
		}
		System.out.println();
		System.out.println("Charged: each sample to the library of its top-most non-JDK frame");
		printTop(count(stacks, (frames) -> library(charged(frames))), total, 40);
		System.out.println();
		System.out.println("Charged: top non-JDK methods (each sample to its top-most non-JDK frame)");
		printTop(count(stacks, JfrSummary::charged), total, top);
		System.out.println();
		System.out.println("Self: top frames");
		printTop(count(stacks, (frames) -> frames.get(0)), total, top);
		System.out.println();
		System.out.println("Self: top frames by class");
		printTop(count(stacks, (frames) -> className(frames.get(0))), total, top);
		if (focus != null) {
			List<String> prefixes = focus.equals("starter") ? STARTER_PACKAGES : List.of(focus.split(","));
			String prefix = String.join(",", prefixes);
			List<List<String>> focused = stacks.stream()
				.filter((frames) -> frames.stream().anyMatch((f) -> startsWithAny(f, prefixes)))
				.toList();
			System.out.println();
			System.out.printf(Locale.ROOT, "Focus %s: %d samples, %.1f%% of all%n", prefix, focused.size(),
					100.0 * focused.size() / total);
			System.out.println("  outermost frame of the focus (the entry into it), share of all samples:");
			printTop(count(focused, (frames) -> outermost(frames, prefixes)), total, top);
			System.out
				.println("  innermost frame of the focus (the focus method nearest the top), share of all samples:");
			printTop(count(focused, (frames) -> innermost(frames, prefixes)), total, top);
			System.out.println("  top frames in those samples, share of all samples:");
			printTop(count(focused, (frames) -> frames.get(0)), total, top);
		}
	}

	private static String charged(List<String> frames) {
		for (String frame : frames) {
			if (!startsWithAny(frame, JDK)) {
				return frame;
			}
		}
		return frames.get(frames.size() - 1);
	}

	private static String library(String frame) {
		for (String[] library : LIBRARIES) {
			if (frame.startsWith(library[0])) {
				return library[1];
			}
		}
		return startsWithAny(frame, JDK) ? "JDK only (no non-JDK frame)" : "other: " + className(frame);
	}

	private static String outermost(List<String> frames, List<String> prefixes) {
		for (int i = frames.size() - 1; i >= 0; i--) {
			if (startsWithAny(frames.get(i), prefixes)) {
				return frames.get(i);
			}
		}
		return "?";
	}

	private static String innermost(List<String> frames, List<String> prefixes) {
		for (String frame : frames) {
			if (startsWithAny(frame, prefixes)) {
				return frame;
			}
		}
		return "?";
	}

	private static boolean startsWithAny(String frame, List<String> prefixes) {
		for (String prefix : prefixes) {
			if (frame.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static String className(String frame) {
		int dot = frame.lastIndexOf('.');
		return (dot > 0) ? frame.substring(0, dot) : frame;
	}

	private static Map<String, Integer> count(List<List<String>> stacks,
			java.util.function.Function<List<String>, String> key) {
		Map<String, Integer> counts = new HashMap<>();
		for (List<String> frames : stacks) {
			if (!frames.isEmpty()) {
				counts.merge(key.apply(frames), 1, Integer::sum);
			}
		}
		return counts;
	}

	private static void printTop(Map<String, Integer> counts, int total, int top) {
		counts.entrySet()
			.stream()
			.sorted((a, b) -> b.getValue() - a.getValue())
			.limit(top)
			.forEach(
					(e) -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
	}

}
