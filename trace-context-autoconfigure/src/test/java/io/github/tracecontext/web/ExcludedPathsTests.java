package io.github.tracecontext.web;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ExcludedPaths}.
 */
class ExcludedPathsTests {

	@Test
	void noPatternsMatchNothing() {
		ExcludedPaths paths = new ExcludedPaths(List.of());
		assertThat(paths.matches("/")).isFalse();
		assertThat(paths.matches("/actuator/health")).isFalse();
		assertThat(paths.patterns()).isEmpty();
	}

	@Test
	void doubleWildcardMatchesTheBasePathAndEverythingBelowIt() {
		ExcludedPaths paths = new ExcludedPaths(List.of("/actuator/**"));
		assertThat(paths.matches("/actuator")).isTrue();
		assertThat(paths.matches("/actuator/")).isTrue();
		assertThat(paths.matches("/actuator/health")).isTrue();
		assertThat(paths.matches("/actuator/health/liveness")).isTrue();
	}

	@Test
	void doubleWildcardDoesNotMatchSiblingsOrNestedOccurrences() {
		ExcludedPaths paths = new ExcludedPaths(List.of("/actuator/**"));
		assertThat(paths.matches("/actuatorx")).isFalse();
		assertThat(paths.matches("/actuator-health")).isFalse();
		assertThat(paths.matches("/api/actuator/health")).isFalse();
		assertThat(paths.matches("/")).isFalse();
	}

	@Test
	void exactPatternMatchesOnlyThatPath() {
		ExcludedPaths paths = new ExcludedPaths(List.of("/ping"));
		assertThat(paths.matches("/ping")).isTrue();
		assertThat(paths.matches("/ping/more")).isFalse();
		assertThat(paths.matches("/pingpong")).isFalse();
	}

	@Test
	void anyOfSeveralPatternsMatches() {
		ExcludedPaths paths = new ExcludedPaths(List.of("/static/*.css", "/ping", "/internal/{id}/status"));
		assertThat(paths.matches("/static/site.css")).isTrue();
		assertThat(paths.matches("/static/site.js")).isFalse();
		assertThat(paths.matches("/static/nested/site.css")).isFalse();
		assertThat(paths.matches("/ping")).isTrue();
		assertThat(paths.matches("/internal/42/status")).isTrue();
		assertThat(paths.matches("/internal/42/other")).isFalse();
		assertThat(paths.matches("/orders")).isFalse();
	}

	@Test
	void patternsAreReportedAsConfiguredAndCannotBeChanged() {
		List<String> source = new ArrayList<>(List.of("/ping", "/actuator/**"));
		ExcludedPaths paths = new ExcludedPaths(source);
		source.add("/later");
		assertThat(paths.patterns()).containsExactly("/ping", "/actuator/**");
		assertThat(paths.matches("/later")).isFalse();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> paths.patterns().add("/more"));
	}

}
