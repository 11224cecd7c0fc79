package io.github.tracecontext.task;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ReflectionUtils;

/**
 * The starter's only read of Spring's private state: the task decorator a Spring executor
 * holds, and the parts of a {@link CompositeTaskDecorator}. Spring (checked up to 7.0)
 * offers setters only, and without these reads the starter would replace a decorator the
 * application set, and could not see the {@code ContextPropagatingTaskDecorator} that
 * Spring Boot's builders applied.
 * <p>
 * Each field is looked up once, on the Spring class that declares it (a subclass's field
 * of the same name does not hide it). A field that is not there (renamed by Spring, or
 * not registered for a native image: see {@link TaskDecoratorFieldsRuntimeHints}) is
 * reported once at WARN and can then not be read: the caller must leave such executors'
 * decorators alone. {@code TaskDecoratorFieldsTests} fails when Spring renames one.
 */
final class TaskDecoratorFields {

	static final String DECORATOR = "taskDecorator";

	static final String COMPOSITE_PARTS = "taskDecorators";

	/** The executors that hold their decorator in a field named {@link #DECORATOR}. */
	static final List<Class<?>> EXECUTORS = List.of(ThreadPoolTaskExecutor.class, ThreadPoolTaskScheduler.class,
			SimpleAsyncTaskExecutor.class, ConcurrentTaskExecutor.class);

	static final TaskDecoratorFields SPRING = new TaskDecoratorFields(DECORATOR, COMPOSITE_PARTS);

	private static final Logger logger = LoggerFactory.getLogger(TaskDecoratorFields.class);

	private final Map<Class<?>, @Nullable Field> decorators = new LinkedHashMap<>();

	private final @Nullable Field compositeParts;

	/**
	 * Look the fields up under the given names; other names than Spring's are for tests.
	 * @param decorator the name of each executor's decorator field
	 * @param compositeParts the name of the composite's list of decorators
	 */
	TaskDecoratorFields(String decorator, String compositeParts) {
		for (Class<?> executor : EXECUTORS) {
			this.decorators.put(executor, find(executor, decorator, TaskDecorator.class,
					"the starter leaves the decorators of such executors alone and proxies them"));
		}
		this.compositeParts = find(CompositeTaskDecorator.class, compositeParts, List.class,
				"the starter cannot see Spring's context propagation inside one and may capture context twice");
	}

	/**
	 * Whether the decorator of an executor can be read.
	 * @param executor the executor
	 * @return {@code true} for one of the {@link #EXECUTORS} whose field was found
	 */
	boolean canRead(Object executor) {
		return field(executor) != null;
	}

	/**
	 * The decorator an executor has.
	 * @param executor an executor that {@link #canRead(Object) can be read}
	 * @return its decorator, or {@code null} if it has none
	 */
	@Nullable TaskDecorator read(Object executor) {
		Field field = field(executor);
		return (field != null) ? (TaskDecorator) ReflectionUtils.getField(field, executor) : null;
	}

	/**
	 * The decorators a composite applies, in order.
	 * @param composite the composite
	 * @return its decorators, or {@code null} if they cannot be read
	 */
	@Nullable List<?> parts(CompositeTaskDecorator composite) {
		return (this.compositeParts != null) ? (List<?>) ReflectionUtils.getField(this.compositeParts, composite)
				: null;
	}

	private @Nullable Field field(Object executor) {
		for (Map.Entry<Class<?>, @Nullable Field> entry : this.decorators.entrySet()) {
			if (entry.getKey().isInstance(executor)) {
				return entry.getValue();
			}
		}
		return null;
	}

	private static @Nullable Field find(Class<?> type, String name, Class<?> fieldType, String consequence) {
		try {
			Field field = type.getDeclaredField(name);
			if (fieldType.isAssignableFrom(field.getType())) {
				ReflectionUtils.makeAccessible(field);
				return field;
			}
		}
		catch (NoSuchFieldException | RuntimeException ex) {
			// not there, or not opened to the starter (module path): reported below
		}
		logger.warn("trace-context: cannot read {}.{} in this Spring version: {}", type.getName(), name, consequence);
		return null;
	}

}
