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

	// what a path must start with to have a chance of matching, one per pattern
	private final String[] literalPrefixes;

	public ExcludedPaths(List<String> patterns) {
		this.sources = List.copyOf(patterns);
		this.patterns = this.sources.stream().map(PathPatternParser.defaultInstance::parse).toList();
		this.literalPrefixes = this.sources.stream().map(ExcludedPaths::literalPrefix).toArray(String[]::new);
	}

	// The segments before a pattern's first wildcard or variable are matched literally,
	// so a
	// path that does not start with them cannot match ("/actuator/**" needs "/actuator").
	private static String literalPrefix(String pattern) {
		int special = 0;
		while (special < pattern.length() && "*?{".indexOf(pattern.charAt(special)) < 0) {
			special++;
		}
		if (special == pattern.length()) {
			return pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
		}
		int lastSeparator = pattern.lastIndexOf('/', special);
		return (lastSeparator > 0) ? pattern.substring(0, lastSeparator) : "";
	}

	/**
	 * Whether a path is excluded.
	 * @param path the path within the application; empty means the root, {@code /}
	 * @return {@code true} if one pattern matches
	 */
	public boolean matches(String path) {
		if (this.patterns.isEmpty() || !mayMatch(path)) {
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

	// Parsing a path allocates its elements: most requests are ruled out by a prefix
	// check
	// first. Only a path with neither an encoded character nor a matrix parameter is,
	// since
	// only then is the path's text what the patterns are matched against.
	private boolean mayMatch(String path) {
		if (path.indexOf('%') >= 0 || path.indexOf(';') >= 0) {
			return true;
		}
		for (String prefix : this.literalPrefixes) {
			if (path.startsWith(prefix)) {
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
