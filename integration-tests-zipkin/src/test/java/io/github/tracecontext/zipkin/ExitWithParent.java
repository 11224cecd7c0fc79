package io.github.tracecontext.zipkin;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs the main class named by its first argument with the remaining arguments, and halts
 * the JVM when the process that started it ends. Shutdown hooks cover a test JVM that
 * exits normally; this covers one that is killed, so no child of the test outlives it.
 */
public final class ExitWithParent {

	private ExitWithParent() {
	}

	public static void main(String[] args) throws Throwable {
		ProcessHandle.current()
			.parent()
			.ifPresent((parent) -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
		try {
			Class.forName(args[0])
				.getMethod("main", String[].class)
				.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
