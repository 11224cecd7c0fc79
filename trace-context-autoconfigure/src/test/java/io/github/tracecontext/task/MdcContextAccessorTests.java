package io.github.tracecontext.task;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MdcContextAccessor}. Snapshots use a registry of their own, not the
 * global one.
 */
class MdcContextAccessorTests {

	private final List<Boolean> handOffs = new CopyOnWriteArrayList<>();

	private final MdcContextAccessor accessor = new MdcContextAccessor("traceId", this.handOffs::add);

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void keyIsTheStartersKey() {
		assertThat(this.accessor.key()).isEqualTo(MdcContextAccessor.KEY).isEqualTo("io.github.tracecontext.mdc");
	}

	@Test
	void getValueOfAnEmptyMdcIsAnEmptyMapNotNull() {
		assertThat(this.accessor.getValue()).isNotNull().isEmpty();
		MDC.put("k", "v");
		MDC.remove("k");
		assertThat(this.accessor.getValue()).isNotNull().isEmpty();
	}

	@Test
	void getValueIsACopyOfTheMdc() {
		MDC.put("k", "v");
		Map<String, String> value = this.accessor.getValue();
		MDC.put("k", "changed");
		MDC.put("other", "x");
		assertThat(value).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	@Test
	void setValueReplacesTheWholeMdc() {
		MDC.put("old", "x");
		this.accessor.setValue(Map.of("k", "v"));
		assertThat(MDC.getCopyOfContextMap()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	@Test
	void setValueWithAnEmptyMapClearsTheMdc() {
		MDC.put("old", "x");
		this.accessor.setValue(Map.of());
		assertThat(this.accessor.getValue()).isEmpty();
	}

	// A snapshot without the MDC is a Reactor context: the tracer's listener owns the
	// trace
	// keys there, so nothing may be wiped.
	@Test
	void setValueWithoutAValueLeavesTheMdcAlone() {
		MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
		this.accessor.setValue();
		assertThat(this.accessor.getValue()).containsExactly(Map.entry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736"));
	}

	@Test
	void restorePutsBackExactlyThePreviousMdc() {
		MDC.put("mine", "1");
		Map<String, String> previous = this.accessor.getValue();
		this.accessor.setValue(Map.of("k", "v"));
		MDC.put("added", "by-task");
		this.accessor.restore(previous);
		assertThat(MDC.getCopyOfContextMap()).containsExactlyInAnyOrderEntriesOf(Map.of("mine", "1"));
	}

	@Test
	void restoreOfAnEmptyMdcClearsIt() {
		Map<String, String> previous = this.accessor.getValue();
		this.accessor.setValue(Map.of("k", "v"));
		this.accessor.restore(previous);
		assertThat(this.accessor.getValue()).isEmpty();
	}

	@Test
	void restoreWithoutAValueLeavesTheMdcAlone() {
		MDC.put("k", "v");
		this.accessor.restore();
		assertThat(this.accessor.getValue()).containsExactly(Map.entry("k", "v"));
	}

	@Test
	void setValueWithATraceIdCountsAHandOffWithContext() {
		this.accessor.setValue(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736", "k", "v"));
		assertThat(this.handOffs).containsExactly(true);
	}

	@Test
	void setValueWithoutATraceIdCountsAHandOffWithoutContext() {
		this.accessor.setValue(Map.of("k", "v"));
		this.accessor.setValue(Map.of());
		this.accessor.setValue();
		assertThat(this.handOffs).containsExactly(false, false);
	}

	@Test
	void traceIsLookedForUnderTheConfiguredKey() {
		MdcContextAccessor custom = new MdcContextAccessor("myTrace", this.handOffs::add);
		custom.setValue(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736"));
		custom.setValue(Map.of("myTrace", "4bf92f3577b34da6a3ce929d0e0e4736"));
		assertThat(this.handOffs).containsExactly(false, true);
	}

	@Test
	void restoringAndReadingCountNothing() {
		this.accessor.getValue();
		this.accessor.restore(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736"));
		this.accessor.restore();
		assertThat(this.handOffs).isEmpty();
	}

	@Test
	void snapshotCarriesTheMdcAndItsScopeRestoresExactly() {
		ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder()
			.contextRegistry(new ContextRegistry().registerThreadLocalAccessor(this.accessor))
			.clearMissing(true)
			.build();
		MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
		ContextSnapshot snapshot = snapshots.captureAll();
		MDC.clear();
		MDC.put("mine", "1");
		Map<String, String> inScope;
		try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
			inScope = new HashMap<>(MDC.getCopyOfContextMap());
			MDC.put("added", "in-scope");
		}
		assertThat(inScope).containsExactlyInAnyOrderEntriesOf(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736"));
		assertThat(MDC.getCopyOfContextMap()).containsExactlyInAnyOrderEntriesOf(Map.of("mine", "1"));
		assertThat(this.handOffs).containsExactly(true);
	}

	@Test
	void snapshotOfAnEmptyMdcClearsTheThreadAndCountsWithoutContext() {
		ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder()
			.contextRegistry(new ContextRegistry().registerThreadLocalAccessor(this.accessor))
			.build();
		ContextSnapshot snapshot = snapshots.captureAll();
		MDC.put("leftover", "x");
		try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
			assertThat(this.accessor.getValue()).isEmpty();
		}
		assertThat(MDC.getCopyOfContextMap()).containsExactlyInAnyOrderEntriesOf(Map.of("leftover", "x"));
		assertThat(this.handOffs).containsExactly(false);
	}

}
