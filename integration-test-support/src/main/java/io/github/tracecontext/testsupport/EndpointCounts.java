package io.github.tracecontext.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;

/**
 * Reads counts from the JSON of {@code /actuator/tracecontext}: by name (the first
 * {@code "name":number} in the text, so a name must be one the document holds once) or by
 * JSON path.
 */
public final class EndpointCounts {

	private EndpointCounts() {
	}

	/**
	 * The count, which must be there.
	 * @param json the endpoint's answer
	 * @param name the field's name
	 * @return its value
	 */
	public static long count(String json, String name) {
		Matcher matcher = matcher(json, name);
		if (!matcher.find()) {
			throw new AssertionError("no count " + name + " in " + json);
		}
		return Long.parseLong(matcher.group(1));
	}

	/**
	 * The count, or 0 where the endpoint leaves it out (a source or reason not seen yet).
	 * @param json the endpoint's answer
	 * @param name the field's name
	 * @return its value
	 */
	public static long countOrZero(String json, String name) {
		Matcher matcher = matcher(json, name);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

	/**
	 * A figure at a JSON path, or 0 where the endpoint leaves it out (a reason not seen
	 * yet).
	 * @param json the endpoint's answer
	 * @param path the JSON path, for example {@code $.counters.incoming.excluded}
	 * @return its value
	 */
	public static long figure(String json, String path) {
		try {
			return JsonPath.<Number>read(json, path).longValue();
		}
		catch (PathNotFoundException ex) {
			return 0;
		}
	}

	/**
	 * How much a figure moved between two answers of the endpoint.
	 * @param after the later answer
	 * @param before the earlier answer
	 * @param path the figure's JSON path
	 * @return the difference
	 */
	public static long delta(String after, String before, String path) {
		return figure(after, path) - figure(before, path);
	}

	private static Matcher matcher(String json, String name) {
		return Pattern.compile("\"" + Pattern.quote(name) + "\":(\\d+)").matcher(json);
	}

}
