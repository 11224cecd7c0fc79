package io.github.tracecontext.task;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.github.tracecontext.stats.InstrumentedComponents;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ClassUtils;

/**
 * Makes every {@link Executor} bean hand its submitter's context to its tasks, however
 * the bean was made — something Spring Boot leaves to its own builders. Each bean is
 * covered once and keeps its type for injection points:
 * <ul>
 * <li>Spring executors that decorate tasks when they are submitted
 * ({@link ThreadPoolTaskExecutor}, {@link ThreadPoolTaskScheduler},
 * {@link SimpleAsyncTaskExecutor}, {@link ConcurrentTaskExecutor}) get the starter's
 * {@link TaskDecorator}, composed with the one they have; those that already propagate
 * context (Spring Boot's builders apply Spring's {@link ContextPropagatingTaskDecorator})
 * are left alone;</li>
 * <li>other executors and schedulers are proxied, by class where the class allows it and
 * by their interfaces otherwise (JDK executors: an {@code ExecutorService} stays an
 * {@code ExecutorService}, but no longer a {@code ThreadPoolExecutor}).</li>
 * </ul>
 * Beans named in {@code trace-context.async.ignored-beans} are left untouched.
 * <p>
 * Spring has no getter for an executor's decorator: {@link TaskDecoratorFields} reads it.
 * If it cannot (a Spring version that renamed the field), the executor is proxied too, so
 * its own decorator is kept (it then runs before the context is put on the worker).
 */
public final class ExecutorContextPostProcessor implements BeanPostProcessor {

	static final String KIND = "executor";

	private final Supplier<ContextHandOff> handOff;

	private final Supplier<InstrumentedComponents> components;

	private final Set<String> ignoredBeans;

	private final TaskDecoratorFields fields;

	public ExecutorContextPostProcessor(Supplier<ContextHandOff> handOff, Supplier<InstrumentedComponents> components,
			List<String> ignoredBeans) {
		this(handOff, components, ignoredBeans, TaskDecoratorFields.SPRING);
	}

	ExecutorContextPostProcessor(Supplier<ContextHandOff> handOff, Supplier<InstrumentedComponents> components,
			List<String> ignoredBeans, TaskDecoratorFields fields) {
		this.handOff = handOff;
		this.components = components;
		this.ignoredBeans = Set.copyOf(ignoredBeans);
		this.fields = fields;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof Executor)) {
			return bean;
		}
		String type = bean.getClass().getName();
		if (this.ignoredBeans.contains(beanName)) {
			this.components.get().add(KIND, beanName, type, ExecutorInstrumentation.IGNORED);
			return bean;
		}
		if (usesDecoratorAtSubmission(bean) && this.fields.canRead(bean)) {
			this.components.get().add(KIND, beanName, type, decorate(bean));
			return bean;
		}
		if (bean instanceof Advised advised && isOurs(advised)) {
			return bean;
		}
		this.components.get().add(KIND, beanName, type, ExecutorInstrumentation.PROXY);
		return proxy(bean);
	}

	// SimpleAsyncTaskScheduler decorates when a trigger fires, on its own thread, not
	// when
	// the task is scheduled: it needs the proxy.
	private static boolean usesDecoratorAtSubmission(Object bean) {
		return bean instanceof ThreadPoolTaskExecutor || bean instanceof ThreadPoolTaskScheduler
				|| (bean instanceof SimpleAsyncTaskExecutor && !(bean instanceof TaskScheduler))
				|| (bean instanceof ConcurrentTaskExecutor && !(bean instanceof TaskScheduler));
	}

	private String decorate(Object executor) {
		TaskDecorator existing = this.fields.read(executor);
		if (propagatesContext(existing)) {
			return ExecutorInstrumentation.SPRING_TASK_DECORATOR;
		}
		TaskDecorator ours = this.handOff.get().asTaskDecorator();
		TaskDecorator decorator = (existing != null) ? new CompositeTaskDecorator(List.of(existing, ours)) : ours;
		if (executor instanceof ThreadPoolTaskExecutor pool) {
			pool.setTaskDecorator(decorator);
		}
		else if (executor instanceof ThreadPoolTaskScheduler scheduler) {
			scheduler.setTaskDecorator(decorator);
		}
		else if (executor instanceof SimpleAsyncTaskExecutor simple) {
			simple.setTaskDecorator(decorator);
		}
		else {
			((ConcurrentTaskExecutor) executor).setTaskDecorator(decorator);
		}
		return ExecutorInstrumentation.TASK_DECORATOR;
	}

	// Spring Boot's builders apply its ContextPropagatingTaskDecorator (alone, or
	// composed
	// with other decorator beans) when spring.task.execution.propagate-context is on. A
	// composite that cannot be looked into gets the starter's decorator as well: context
	// is
	// then captured twice, which is harmless.
	private boolean propagatesContext(@Nullable Object decorator) {
		if (decorator instanceof ContextPropagatingTaskDecorator
				|| decorator instanceof ContextHandOff.HandOffTaskDecorator) {
			return true;
		}
		if (decorator instanceof CompositeTaskDecorator composite) {
			List<?> parts = this.fields.parts(composite);
			return parts != null && parts.stream().anyMatch(this::propagatesContext);
		}
		return false;
	}

	private boolean isOurs(Advised advised) {
		for (var advisor : advised.getAdvisors()) {
			if (advisor.getAdvice() instanceof ContextPropagatingInterceptor) {
				return true;
			}
		}
		return false;
	}

	private Object proxy(Object executor) {
		ProxyFactory factory = new ProxyFactory(executor);
		Class<?> type = executor.getClass();
		boolean byClass = !type.getName().startsWith("java.") && Modifier.isPublic(type.getModifiers())
				&& !Modifier.isFinal(type.getModifiers());
		factory.setProxyTargetClass(byClass);
		if (!byClass) {
			factory.setInterfaces(ClassUtils.getAllInterfacesForClass(type));
		}
		factory.addAdvice(new ContextPropagatingInterceptor(this.handOff.get()));
		ClassLoader loader = type.getClassLoader();
		return factory.getProxy((loader != null) ? loader : ExecutorContextPostProcessor.class.getClassLoader());
	}

}
