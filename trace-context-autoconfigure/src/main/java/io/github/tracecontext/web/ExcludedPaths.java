package io.github.tracecontext.web;

import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Request paths that get no server span. Patterns use Spring's {@link PathPattern} syntax
 * (for example {@code /actuator/**}) and match the path within the application, without
 * its context path.
 */
public final class ExcludedPaths {

	private final List<PathPattern> patterns;

	private final List<String> sources;

	public ExcludedPaths(List<String> patterns) {
		this.sources = List.copyOf(patterns);
		this.patterns = this.sources.stream().map(PathPatternParser.defaultInstance::parse).toList();
	}

	/**
	 * Whether a path is excluded.
	 * @param path the path within the application; empty means the root, {@code /}
	 * @return {@code true} if one pattern matches
	 */
	public boolean matches(String path) {
		if (this.patterns.isEmpty()) {
			return false;
		}
		PathContainer container = PathContainer.parsePath(path.isEmpty() ? "/" : path);
		for (PathPattern pattern : this.patterns) {
			if (pattern.matches(container)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The patterns as configured.
	 * @return the patterns
	 */
	public List<String> patterns() {
		return this.sources;
	}

}
