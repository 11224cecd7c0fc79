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
 * Where the CPU samples of a JFR recording (run.sh --profile) go: the share of {@code jdk.ExecutionSample} events
 * whose stack holds a frame of each library (inclusive), the hottest top frames (self), and for one package or
 * class prefix ({@code --focus=...}) the outermost frame of that prefix in each sample that has one, with the
 * top frames below it.
 *
 * <p>
 * Run:
 * {@code java -cp benchmarks-load-app.jar io.github.tracecontext.benchmarks.load.JfrSummary [--focus=prefix] [--top=N] file.jfr...}.
 * Stacks in JFR are cut at 64 frames by default; a frame below that cut is not seen, so inclusive shares of
 * outer frames are lower bounds.
 */
public final class JfrSummary {

	/** Inclusive groups: name and class-name prefixes. */
	private static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

	static {
		GROUPS.put("starter (io.github.tracecontext)", List.of("io.github.tracecontext."));
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
		List<Path> files = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith("--focus=")) {
				focus = arg.substring("--focus=".length());
			}
			else if (arg.startsWith("--top=")) {
				top = Integer.parseInt(arg.substring("--top=".length()));
			}
			else {
				files.add(Path.of(arg));
			}
		}
		if (files.isEmpty()) {
			System.err.println("usage: JfrSummary [--focus=prefix] [--top=N] file.jfr...");
			System.exit(2);
		}
		List<List<String>> stacks = new ArrayList<>();
		for (Path file : files) {
			for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
				if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
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
		System.out.println("Self: top frames");
		printTop(count(stacks, (frames) -> frames.get(0)), total, top);
		System.out.println();
		System.out.println("Self: top frames by class");
		printTop(count(stacks, (frames) -> className(frames.get(0))), total, top);
		if (focus != null) {
			String prefix = focus;
			List<List<String>> focused = stacks.stream()
				.filter((frames) -> frames.stream().anyMatch((f) -> f.startsWith(prefix)))
				.toList();
			System.out.println();
			System.out.printf(Locale.ROOT, "Focus %s: %d samples, %.1f%% of all%n", prefix, focused.size(),
					100.0 * focused.size() / total);
			System.out.println("  outermost frame of the focus (the entry into it), share of all samples:");
			printTop(count(focused, (frames) -> outermost(frames, prefix)), total, top);
			System.out.println("  innermost frame of the focus (the focus method nearest the top), share of all samples:");
			printTop(count(focused, (frames) -> innermost(frames, prefix)), total, top);
			System.out.println("  top frames in those samples, share of all samples:");
			printTop(count(focused, (frames) -> frames.get(0)), total, top);
		}
	}

	private static String outermost(List<String> frames, String prefix) {
		for (int i = frames.size() - 1; i >= 0; i--) {
			if (frames.get(i).startsWith(prefix)) {
				return frames.get(i);
			}
		}
		return "?";
	}

	private static String innermost(List<String> frames, String prefix) {
		for (String frame : frames) {
			if (frame.startsWith(prefix)) {
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
			.forEach((e) -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / total,
					e.getKey()));
	}

}
