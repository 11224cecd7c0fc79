package io.github.tracecontext.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one HTTP/1.1 GET with header lines written byte for byte as given (repeated names
 * stay separate lines, values are not trimmed or validated), so the server sees exactly
 * what a misbehaving caller could put on the wire. Header values are written as
 * ISO-8859-1, the charset servers decode header bytes with.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** One header line. */
	public record Header(String name, String value) {

		public static Header of(String name, String value) {
			return new Header(name, value);
		}

	}

	/** Status code and full response text (head and body). */
	public record Response(int status, String text) {

		/**
		 * The values of every line of one response header, in order.
		 * @param name the header name (case-insensitive)
		 * @return the values, empty if the header is absent
		 */
		public List<String> headerValues(String name) {
			int end = this.text.indexOf("\r\n\r\n");
			String head = (end >= 0) ? this.text.substring(0, end + 2) : this.text;
			java.util.regex.Matcher matcher = java.util.regex.Pattern
				.compile("(?im)^" + java.util.regex.Pattern.quote(name) + ": ([^\r\n]*)$")
				.matcher(head);
			List<String> values = new ArrayList<>();
			while (matcher.find()) {
				values.add(matcher.group(1));
			}
			return values;
		}

	}

	/**
	 * Header lines from names and values given in pairs.
	 * @param nameValue header names and values, in pairs
	 * @return the lines, in order
	 */
	public static List<Header> lines(String... nameValue) {
		if (nameValue.length % 2 != 0) {
			throw new IllegalArgumentException("header names and values come in pairs: " + List.of(nameValue));
		}
		List<Header> headers = new ArrayList<>();
		for (int i = 0; i < nameValue.length; i += 2) {
			headers.add(Header.of(nameValue[i], nameValue[i + 1]));
		}
		return headers;
	}

	/**
	 * Sends the request, which must answer 200.
	 * @param port the application's port
	 * @param pathAndQuery path and query
	 * @param headers the header lines
	 * @return the response
	 */
	public static Response ok(int port, String pathAndQuery, Header... headers) throws IOException {
		Response response = get(port, pathAndQuery, List.of(headers));
		if (response.status() != 200) {
			throw new AssertionError(pathAndQuery + " answered " + response.status() + ":\n" + response.text());
		}
		return response;
	}

	public static Response get(int port, String pathAndQuery, List<Header> headers) throws IOException {
		StringBuilder request = new StringBuilder();
		request.append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n");
		request.append("Host: 127.0.0.1:").append(port).append("\r\n");
		for (Header header : headers) {
			request.append(header.name()).append(": ").append(header.value()).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(10000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			String text = response.toString(StandardCharsets.ISO_8859_1);
			if (!text.startsWith("HTTP/1.1 ")) {
				throw new IOException("not an HTTP/1.1 response: " + text);
			}
			return new Response(Integer.parseInt(text.substring(9, 12)), text);
		}
	}

}
