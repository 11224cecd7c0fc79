package io.github.tracecontext.client;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Destination hosts allowed to receive trace headers
 * ({@code trace-context.outgoing.allowed-hosts}): exact names or {@code *.example.com}
 * for any subdomain. Empty allows every host.
 */
public final class AllowedHosts {

	/** Allows every host. */
	public static final AllowedHosts ALL = new AllowedHosts(List.of());

	private final List<String> patterns;

	private AllowedHosts(List<String> patterns) {
		this.patterns = patterns;
	}

	/**
	 * Hosts from their patterns.
	 * @param patterns exact names or {@code *.domain} patterns
	 * @return the allowed hosts
	 */
	public static AllowedHosts of(List<String> patterns) {
		return patterns.isEmpty() ? ALL : new AllowedHosts(
				patterns.stream().map((pattern) -> pattern.trim().toLowerCase(Locale.ROOT)).toList());
	}

	/**
	 * Whether a call to a URI may carry trace headers.
	 * @param uri the destination, or {@code null} when unknown (not allowed unless every
	 * host is)
	 * @return {@code true} if allowed
	 */
	public boolean allows(@Nullable URI uri) {
		if (this.patterns.isEmpty()) {
			return true;
		}
		String host = (uri != null) ? uri.getHost() : null;
		if (host == null) {
			return false;
		}
		host = host.toLowerCase(Locale.ROOT);
		for (String pattern : this.patterns) {
			if (pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether every host is allowed.
	 * @return {@code true} when no pattern was given
	 */
	public boolean allowsAll() {
		return this.patterns.isEmpty();
	}

}
