package io.github.tracecontext.propagation;

import java.net.InetSocketAddress;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.ClassUtils;

/**
 * {@code trace-context.incoming.*} for servlet and reactive requests: a caller is trusted
 * when its address (the peer as the server sees it, after Spring Boot's
 * {@code server.forward-headers-strategy} if configured) is in the trusted ranges (or
 * none are configured) and the path is not an untrusted one. Other carriers are trusted.
 */
public final class WebCallerPolicy implements CallerPolicy {

	private static final boolean SERVLET = ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest",
			WebCallerPolicy.class.getClassLoader());

	private static final boolean REACTIVE = ClassUtils.isPresent(
			"org.springframework.http.server.reactive.ServerHttpRequest", WebCallerPolicy.class.getClassLoader());

	private final AddressRanges trustedAddresses;

	private final Predicate<String> untrustedPaths;

	/**
	 * Create a policy.
	 * @param trustedAddresses the trusted ranges; empty for every address
	 * @param untrustedPaths whether a path (within the application) is one whose callers
	 * are not trusted
	 */
	public WebCallerPolicy(AddressRanges trustedAddresses, Predicate<String> untrustedPaths) {
		this.trustedAddresses = trustedAddresses;
		this.untrustedPaths = untrustedPaths;
	}

	@Override
	public boolean trusts(Object carrier) {
		if (SERVLET && carrier instanceof HttpServletRequest request) {
			String path = request.getRequestURI().substring(request.getContextPath().length());
			return trusts(request.getRemoteAddr(), path);
		}
		if (REACTIVE && carrier instanceof ServerHttpRequest request) {
			InetSocketAddress remote = request.getRemoteAddress();
			String address = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress()
					: null;
			return trusts(address, request.getPath().pathWithinApplication().value());
		}
		return true;
	}

	private boolean trusts(@Nullable String address, String path) {
		boolean trustedAddress = this.trustedAddresses.isEmpty() || this.trustedAddresses.contains(address);
		return trustedAddress && !this.untrustedPaths.test(path);
	}

}
