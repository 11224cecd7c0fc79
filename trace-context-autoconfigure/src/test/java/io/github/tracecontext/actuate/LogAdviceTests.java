package io.github.tracecontext.actuate;

import io.github.tracecontext.logging.ThreadKind;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.tracecontext.task.TracedTasks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogAdvice}.
 */
class LogAdviceTests {

	@Test
	void oneSentencePerThreadKindLedByItsMainSource() {
		Map<String, Long> sources = new LinkedHashMap<>();
		sources.put("new Thread | com.example.ReportJob", 13L);
		sources.put("new Thread | com.example.Mailer", 4L);
		sources.put("common pool (CompletableFuture or parallelStream without an executor) | com.example.Prices", 3L);
		sources.put("orders-* | com.example.Orders", 1L);
		assertThat(LogAdvice.sentences(sources)).containsExactly(
				"Most lines without a trace id came from new Thread | com.example.ReportJob (13): "
						+ LogAdvice.of(ThreadKind.BARE_THREAD),
				"Lines without a trace id also came from common pool (CompletableFuture or parallelStream without an"
						+ " executor) | com.example.Prices (3): " + LogAdvice.of(ThreadKind.COMMON_POOL),
				"Lines without a trace id also came from orders-* | com.example.Orders (1): "
						+ LogAdvice.of(ThreadKind.OTHER));
	}

	@Test
	void noSentenceWithoutSources() {
		assertThat(LogAdvice.sentences(Map.of())).isEmpty();
	}

	@Test
	void theOverflowSourceGetsTheGeneralAdvice() {
		assertThat(LogAdvice.sentences(Map.of("other", 70L)))
			.containsExactly("Most lines without a trace id came from other (70): " + LogAdvice.of(ThreadKind.OTHER));
	}

	@Test
	void everyKindHasAdviceOfItsOwn() {
		assertThat(Arrays.stream(ThreadKind.values()).map(LogAdvice::of).distinct())
			.hasSize(ThreadKind.values().length);
	}

	@Test
	void adviceNamesOnlyTracedTasksMethodsThatExist() {
		Pattern named = Pattern.compile("TracedTasks\\.(\\w+)\\(");
		for (ThreadKind kind : ThreadKind.values()) {
			Matcher matcher = named.matcher(LogAdvice.of(kind));
			while (matcher.find()) {
				String name = matcher.group(1);
				assertThat(Arrays.stream(TracedTasks.class.getMethods())
					.filter((method) -> Modifier.isStatic(method.getModifiers()))
					.map(Method::getName)).as(kind + " names TracedTasks." + name).contains(name);
			}
		}
	}

}
