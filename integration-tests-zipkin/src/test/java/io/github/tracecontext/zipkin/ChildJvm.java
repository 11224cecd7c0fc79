package io.github.tracecontext.zipkin;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A JVM the test started, on the same JDK as the test, with its output in a file of its
 * own. Closing it ends that one process (by its own handle, never by name); a shutdown
 * hook does the same if the test JVM exits before {@link #close()} runs, and
 * {@link ExitWithParent} if the test JVM is killed.
 */
final class ChildJvm implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final Process process;

	private final Path output;

	private final Thread shutdownHook;

	private ChildJvm(String name, Process process, Path output) {
		this.name = name;
		this.process = process;
		this.output = output;
		this.shutdownHook = new Thread(this::stop, "stop-" + name);
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts {@code java} with a main class and its arguments, through
	 * {@link ExitWithParent} (added to the class path), with standard output and error
	 * going to {@code <name>.log} in the given directory.
	 */
	static ChildJvm start(String name, Path logDirectory, List<String> jvmOptions, String classPath, String mainClass,
			List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", classPath + File.pathSeparator + locationOf(ExitWithParent.class),
				ExitWithParent.class.getName(), mainClass));
		command.addAll(arguments);
		Files.createDirectories(logDirectory);
		Path output = logDirectory.resolve(name + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		return new ChildJvm(name, process, output);
	}

	private static String locationOf(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits until a GET of the given address answers 200, failing early with the
	 * process's output if it ends first.
	 */
	void awaitOk(URI uri, Duration timeout) {
		try {
			await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> answersOk(uri));
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException(
					this.name + " not ready at " + uri + " within " + timeout + ":\n" + output());
		}
	}

	private boolean answersOk(URI uri) throws InterruptedException {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(this.name + " exited with " + this.process.exitValue() + ":\n" + output());
		}
		try {
			HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			// not listening yet
			return false;
		}
	}

	/**
	 * What the process has written so far.
	 */
	String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no output: " + ex + ")";
		}
	}

	@Override
	public void close() {
		stop();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// already shutting down: the hook runs stop() again, which is harmless
		}
	}

	private void stop() {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
