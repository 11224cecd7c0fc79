package io.github.tracecontext.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * GET requests to the application under test on its loopback port, through
 * {@link HttpClient}, with headers given as name, value pairs. For header lines written
 * byte for byte, see {@link RawHttp}.
 */
public final class HttpGet {

	// HTTP/1.1 on both stacks: the client's default (an HTTP/2 upgrade attempt) is not
	// what any test is about
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final IntSupplier port;

	/**
	 * Requests to the port the supplier gives when a request is sent (a test's
	 * {@code @LocalServerPort} field is set after the test instance is made).
	 * @param port the application's port
	 */
	public HttpGet(IntSupplier port) {
		this.port = port;
	}

	/**
	 * The response, whatever its status.
	 * @param path path and query
	 * @param headers header names and values, in pairs
	 * @return the response
	 */
	public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
		if (headers.length % 2 != 0) {
			throw new IllegalArgumentException("header names and values come in pairs: " + Arrays.toString(headers));
		}
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port.getAsInt() + path))
			.timeout(Duration.ofSeconds(10));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The body of a response that must answer 200.
	 * @param path path and query
	 * @param headers header names and values, in pairs
	 * @return the body
	 */
	public String body(String path, String... headers) throws IOException, InterruptedException {
		HttpResponse<String> response = get(path, headers);
		if (response.statusCode() != 200) {
			throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

}
