package io.github.tracecontext.propagation;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The baggage keys kept from a caller whose trace is not continued
 * ({@code trace-context.incoming.baggage-allowlist}).
 */
public final class BaggageAllowlist {

	/** Keeps nothing. */
	public static final BaggageAllowlist NONE = new BaggageAllowlist(Set.of());

	private final Set<String> keys;

	private BaggageAllowlist(Set<String> keys) {
		this.keys = keys;
	}

	/**
	 * An allowlist of keys, compared without regard to case.
	 * @param keys the keys
	 * @return the allowlist
	 */
	public static BaggageAllowlist of(Collection<String> keys) {
		return keys.isEmpty() ? NONE
				: new BaggageAllowlist(keys.stream()
					.map((key) -> key.trim().toLowerCase(Locale.ROOT))
					.collect(Collectors.toUnmodifiableSet()));
	}

	boolean allows(String key) {
		return !this.keys.isEmpty() && this.keys.contains(key.toLowerCase(Locale.ROOT));
	}

	/**
	 * Keep the allowlisted members of a W3C {@code baggage} value
	 * ({@code key=value;properties,...}).
	 * @param baggage the header value
	 * @return the kept members, or {@code null} when none is kept
	 */
	@Nullable String filter(String baggage) {
		if (this.keys.isEmpty()) {
			return null;
		}
		StringBuilder kept = new StringBuilder();
		for (String member : baggage.split(",", 65)) {
			int equals = member.indexOf('=');
			if (equals > 0 && allows(member.substring(0, equals).trim())) {
				kept.append((kept.length() > 0) ? "," : "").append(member.trim());
			}
		}
		return (kept.length() > 0) ? kept.toString() : null;
	}

}
