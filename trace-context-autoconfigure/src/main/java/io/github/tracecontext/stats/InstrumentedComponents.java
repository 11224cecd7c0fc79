package io.github.tracecontext.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the starter found and instrumented in the application context, by bean name.
 * Filled while beans are created; read by the endpoint.
 */
public class InstrumentedComponents {

	private final List<Component> components = new CopyOnWriteArrayList<>();

	/**
	 * Record a component.
	 * @param kind the kind of component, for example {@code rest-client} or
	 * {@code executor}
	 * @param beanName the bean name
	 * @param type the bean's class name
	 * @param instrumentation how it is instrumented, for example {@code boot-builder} or
	 * {@code starter}; {@code none} when it is not
	 */
	public void add(String kind, String beanName, String type, String instrumentation) {
		this.components.removeIf((component) -> component.kind().equals(kind) && component.bean().equals(beanName));
		this.components.add(new Component(kind, beanName, type, instrumentation));
	}

	/**
	 * The components of one kind, in the order they were recorded.
	 * @param kind the kind
	 * @return the components
	 */
	public List<Component> ofKind(String kind) {
		List<Component> result = new ArrayList<>();
		for (Component component : this.components) {
			if (component.kind().equals(kind)) {
				result.add(component);
			}
		}
		return result;
	}

	/**
	 * One instrumented (or deliberately not instrumented) bean.
	 *
	 * @param kind the kind of component
	 * @param bean the bean name
	 * @param type the bean's class name
	 * @param instrumentation how it is instrumented
	 */
	public record Component(String kind, String bean, String type, String instrumentation) {
	}

}
