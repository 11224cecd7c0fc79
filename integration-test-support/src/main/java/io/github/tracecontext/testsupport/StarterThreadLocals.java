package io.github.tracecontext.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.tracecontext.stats.PropagationCounters;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.ClassUtils;

/**
 * Every static {@link ThreadLocal} of the starter's library classes, found by scanning
 * them, so a test can check that nothing the starter sets outlives a request on a thread
 * (a new thread-local is covered without changing any test).
 */
public final class StarterThreadLocals {

	private static final Map<String, ThreadLocal<?>> ALL = find();

	private StarterThreadLocals() {
	}

	/**
	 * The starter's thread-locals that hold a value on the calling thread.
	 * @return {@code Class.field} names, empty when the thread is clean
	 */
	public static List<String> setOnThisThread() {
		List<String> set = new ArrayList<>();
		ALL.forEach((name, threadLocal) -> {
			if (threadLocal.get() != null) {
				set.add(name);
			}
		});
		return set;
	}

	/**
	 * How many thread-locals were found.
	 * @return the count
	 */
	public static int count() {
		return ALL.size();
	}

	private static Map<String, ThreadLocal<?>> find() {
		CodeSource library = PropagationCounters.class.getProtectionDomain().getCodeSource();
		ClassLoader loader = StarterThreadLocals.class.getClassLoader();
		Map<String, ThreadLocal<?>> found = new LinkedHashMap<>();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver(loader)
				.getResources("classpath*:io/github/tracecontext/**/*.class")) {
				String path = resource.getURL().toString();
				String name = path.substring(path.lastIndexOf("io/github/tracecontext/"), path.length() - 6)
					.replace('/', '.');
				try {
					Class<?> type = ClassUtils.forName(name, loader);
					CodeSource source = type.getProtectionDomain().getCodeSource();
					if (source != null && library != null && source.getLocation().equals(library.getLocation())) {
						addThreadLocals(type, found);
					}
				}
				catch (LinkageError ex) {
					// a class for a library this application does not have (WebFlux in a
					// servlet
					// application): it cannot run here
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
		return found;
	}

	private static void addThreadLocals(Class<?> type, Map<String, ThreadLocal<?>> found) {
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers()) && ThreadLocal.class.isAssignableFrom(field.getType())) {
				try {
					field.setAccessible(true);
					found.put(type.getSimpleName() + "." + field.getName(), (ThreadLocal<?>) field.get(null));
				}
				catch (ReflectiveOperationException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
	}

}
