package io.github.tracecontext.propagation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * IP addresses and CIDR ranges (IPv4 and IPv6), matched against literal addresses only:
 * nothing here ever resolves a host name.
 */
public final class AddressRanges {

	private final List<Range> ranges;

	private AddressRanges(List<Range> ranges) {
		this.ranges = ranges;
	}

	/**
	 * Parse ranges such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code ::1/128}.
	 * @param specs the ranges
	 * @return the parsed ranges
	 * @throws IllegalArgumentException for a value that is not an address or range
	 */
	public static AddressRanges of(List<String> specs) {
		List<Range> ranges = new ArrayList<>();
		for (String spec : specs) {
			String value = spec.trim();
			int slash = value.indexOf('/');
			byte[] address = literal((slash >= 0) ? value.substring(0, slash) : value);
			if (address == null) {
				throw new IllegalArgumentException("Not an IP address or CIDR range: '" + spec + "'");
			}
			int bits = (slash >= 0) ? Integer.parseInt(value.substring(slash + 1)) : address.length * 8;
			if (bits < 0 || bits > address.length * 8) {
				throw new IllegalArgumentException("Bad prefix length in '" + spec + "'");
			}
			ranges.add(new Range(address, bits));
		}
		return new AddressRanges(List.copyOf(ranges));
	}

	/**
	 * Whether no range was given.
	 * @return {@code true} when empty
	 */
	public boolean isEmpty() {
		return this.ranges.isEmpty();
	}

	/**
	 * Whether an address lies in one of the ranges.
	 * @param address a literal address, or {@code null}
	 * @return {@code true} if it matches
	 */
	public boolean contains(@Nullable String address) {
		byte[] bytes = (address != null) ? literal(address) : null;
		if (bytes == null) {
			return false;
		}
		for (Range range : this.ranges) {
			if (range.contains(bytes)) {
				return true;
			}
		}
		return false;
	}

	// literal IPv4/IPv6 only: with anything else InetAddress would do a DNS lookup
	private static byte @Nullable [] literal(String value) {
		String address = (value.startsWith("[") && value.endsWith("]")) ? value.substring(1, value.length() - 1)
				: value;
		if (address.isEmpty() || address.length() > 45
				|| !address.chars()
					.allMatch((c) -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
							|| c == '.' || c == ':')) {
			return null;
		}
		if (address.indexOf(':') < 0 && address.chars().filter((c) -> c == '.').count() != 3) {
			return null;
		}
		try {
			return InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private record Range(byte[] address, int bits) {

		boolean contains(byte[] candidate) {
			if (candidate.length != this.address.length) {
				return false;
			}
			int full = this.bits / 8;
			for (int i = 0; i < full; i++) {
				if (candidate[i] != this.address[i]) {
					return false;
				}
			}
			int rest = this.bits % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xff << (8 - rest)) & 0xff;
			return (candidate[full] & mask) == (this.address[full] & mask);
		}

	}

}
