package io.github.tracecontext.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a random loopback port that records the header lines of every
 * request it receives, one entry per line, as the wire carried them. Not a Spring or
 * Reactor component: it makes no spans and shares no threads with the application.
 */
public final class DownstreamServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	private final List<Received> received = new CopyOnWriteArrayList<>();

	public DownstreamServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", (exchange) -> {
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
			String query = exchange.getRequestURI().getQuery();
			this.received.add(new Received(exchange.getRequestURI().getPath(), (query != null) ? query : "", headers));
			byte[] body = "downstream-ok".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
	}

	public static DownstreamServer start() {
		try {
			return new DownstreamServer();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public List<Received> received() {
		return List.copyOf(this.received);
	}

	public List<Received> receivedFor(String path) {
		return this.received.stream().filter((r) -> r.path().equals(path)).toList();
	}

	public Received lastFor(String path) {
		List<Received> matching = receivedFor(path);
		if (matching.isEmpty()) {
			throw new AssertionError("downstream received no request for " + path + "; got " + this.received);
		}
		return matching.get(matching.size() - 1);
	}

	public void clear() {
		this.received.clear();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	public record Received(String path, String query, Map<String, List<String>> headers) {

		public List<String> lines(String name) {
			return this.headers.getOrDefault(name, List.of());
		}

	}

}
