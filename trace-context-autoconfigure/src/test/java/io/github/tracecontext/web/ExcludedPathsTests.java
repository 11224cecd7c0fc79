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
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> paths.patterns().add("/more"));
	}

	@Test
	void encodedAndMatrixPathsAreMatchedAsDecoded() {
		ExcludedPaths paths = new ExcludedPaths(List.of("/actuator/**", "/ping"));
		assertThat(paths.matches("/%61ctuator/health")).isTrue();
		assertThat(paths.matches("/actuator;jsessionid=1/health")).isTrue();
		assertThat(paths.matches("/p%69ng")).isTrue();
		assertThat(paths.matches("/%70ong")).isFalse();
	}

	@Test
	void pathsOutsideEveryLiteralPrefixDoNotMatch() {
		ExcludedPaths paths = new ExcludedPaths(
				List.of("/actuator/**", "/static/*.css", "/internal/{id}/status", "/ping/", "/docs?/index"));
		assertThat(paths.matches("/hello")).isFalse();
		assertThat(paths.matches("//actuator/health")).isFalse();
		assertThat(paths.matches("/ping")).isFalse();
		assertThat(paths.matches("/ping/")).isTrue();
		assertThat(paths.matches("/static/a.css")).isTrue();
		assertThat(paths.matches("/internal/7/status")).isTrue();
		assertThat(paths.matches("/docs1/index")).isTrue();
		assertThat(paths.matches("/doc/index")).isFalse();
	}

	@Test
	void patternsWithoutALiteralPrefixStillMatch() {
		ExcludedPaths paths = new ExcludedPaths(List.of("/**/health", "/{tenant}/status"));
		assertThat(paths.matches("/a/b/health")).isTrue();
		assertThat(paths.matches("/acme/status")).isTrue();
		assertThat(paths.matches("/acme/other")).isFalse();
	}

}
