package io.github.tracecontext.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one count from the JSON of {@code /actuator/tracecontext}: the first
 * {@code "name":number} in the text, so a name must be one the document holds once.
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

	private static Matcher matcher(String json, String name) {
		return Pattern.compile("\"" + Pattern.quote(name) + "\":(\\d+)").matcher(json);
	}

}
