package io.github.tracecontext.task;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.Callable;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Wraps every task handed to an executor proxy (the {@code Runnable}s, {@code Callable}s
 * and collections of {@code Callable}s among a method's arguments) so that it runs with
 * its submitter's context.
 */
final class ContextPropagatingInterceptor implements MethodInterceptor {

	// Only the methods that hand work over: remove(Runnable) and the like must see the
	// caller's own object.
	private static final Set<String> SUBMITTING = Set.of("execute", "submit", "submitCompletable", "submitListenable",
			"invokeAll", "invokeAny", "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay");

	private final ContextHandOff handOff;

	ContextPropagatingInterceptor(ContextHandOff handOff) {
		this.handOff = handOff;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		if (SUBMITTING.contains(method.getName())) {
			@Nullable Object[] arguments = invocation.getArguments();
			for (int i = 0; i < arguments.length; i++) {
				arguments[i] = wrap(arguments[i]);
			}
		}
		return invocation.proceed();
	}

	@SuppressWarnings("unchecked")
	private @Nullable Object wrap(@Nullable Object argument) {
		if (argument instanceof Runnable runnable) {
			return this.handOff.wrap(runnable);
		}
		if (argument instanceof Callable<?> callable) {
			return this.handOff.wrap(callable);
		}
		if (argument instanceof Collection<?> tasks && !tasks.isEmpty()
				&& tasks.stream().allMatch(Callable.class::isInstance)) {
			Collection<Callable<Object>> wrapped = new ArrayList<>(tasks.size());
			for (Object task : tasks) {
				wrapped.add(this.handOff.wrap((Callable<Object>) task));
			}
			return wrapped;
		}
		return argument;
	}

}
