package io.github.tracecontext.w3c;

/**
 * Lower-case hex digits (HEXDIGLC of W3C Trace Context section 3.2.2) read and written
 * without allocation.
 */
final class Hex {

	private static final char[] DIGITS = "0123456789abcdef".toCharArray();

	private Hex() {
	}

	static boolean isLowerHex(String value, int offset, int count) {
		for (int i = offset; i < offset + count; i++) {
			if (digit(value.charAt(i)) < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The byte written as two lower-case hex digits at {@code offset}, which the caller
	 * has already checked.
	 */
	static int byteAt(String value, int offset) {
		return (digit(value.charAt(offset)) << 4) | digit(value.charAt(offset + 1));
	}

	static void appendByte(StringBuilder target, int value) {
		target.append(DIGITS[(value >> 4) & 0xf]).append(DIGITS[value & 0xf]);
	}

	private static int digit(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		return -1;
	}

}
