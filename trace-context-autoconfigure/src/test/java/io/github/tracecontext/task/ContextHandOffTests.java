package io.github.tracecontext.task;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.micrometer.context.ContextRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ContextHandOff}. The MDC travels through {@link MdcContextAccessor} in
 * the global {@link ContextRegistry}, registered for each test and removed afterwards.
 * One worker thread, so that a raw follow-up task shows what a wrapped task left behind.
 */
class ContextHandOffTests {

	private final ContextHandOff handOff = ContextHandOff.create();

	private final ExecutorService worker = Executors.newSingleThreadExecutor();

	@BeforeEach
	void registerMdcAccessor() {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new MdcContextAccessor("traceId", (withTrace) -> {
		}));
	}

	@AfterEach
	void cleanUp() throws InterruptedException {
		ContextRegistry.getInstance().removeThreadLocalAccessor(MdcContextAccessor.KEY);
		MDC.clear();
		this.worker.shutdownNow();
		assertThat(this.worker.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void wrappingAWrappedRunnableReturnsIt() {
		Runnable task = () -> {
		};
		Runnable wrapped = this.handOff.wrap(task);
		assertThat(wrapped).isNotSameAs(task);
		assertThat(this.handOff.wrap(wrapped)).isSameAs(wrapped);
		assertThat(this.handOff.asTaskDecorator().decorate(wrapped)).isSameAs(wrapped);
		assertThat(ContextHandOff.create().wrap(wrapped)).isSameAs(wrapped);
	}

	@Test
	void wrappingAWrappedCallableReturnsIt() {
		Callable<String> task = () -> "done";
		Callable<String> wrapped = this.handOff.wrap(task);
		assertThat(wrapped).isNotSameAs(task);
		assertThat(this.handOff.wrap(wrapped)).isSameAs(wrapped);
	}

	@Test
	void wrappingAWrappedSupplierReturnsIt() {
		Supplier<String> task = () -> "done";
		Supplier<String> wrapped = this.handOff.wrapSupplier(task);
		assertThat(wrapped).isNotSameAs(task);
		assertThat(this.handOff.wrapSupplier(wrapped)).isSameAs(wrapped);
	}

	@Test
	void taskSeesExactlyTheSubmittersMdcAndTheWorkerGetsItsOwnBack() throws Exception {
		leaveOnWorker(Map.of("worker", "w"));
		MDC.put("k", "v");
		AtomicReference<Map<String, String>> seen = new AtomicReference<>();
		run(this.handOff.wrap(() -> {
			seen.set(mdc());
			MDC.put("added", "by-task");
		}));
		assertThat(seen.get()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		assertThat(workerMdc()).containsExactlyInAnyOrderEntriesOf(Map.of("worker", "w"));
		assertThat(mdc()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	@Test
	void decorateCarriesTheMdcLikeWrap() throws Exception {
		MDC.put("k", "v");
		AtomicReference<Map<String, String>> seen = new AtomicReference<>();
		run(this.handOff.asTaskDecorator().decorate(() -> seen.set(mdc())));
		assertThat(seen.get()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		assertThat(workerMdc()).isEmpty();
	}

	@Test
	void mdcIsCapturedWhenTheTaskIsWrappedNotWhenItRuns() throws Exception {
		MDC.put("k", "at-wrap");
		AtomicReference<String> seen = new AtomicReference<>();
		Runnable wrapped = this.handOff.wrap(() -> seen.set(MDC.get("k")));
		MDC.put("k", "at-submit");
		run(wrapped);
		assertThat(seen.get()).isEqualTo("at-wrap");
	}

	@Test
	void workerGetsItsOwnMdcBackWhenTheRunnableThrows() throws Exception {
		leaveOnWorker(Map.of("worker", "w"));
		MDC.put("k", "v");
		Future<?> failed = this.worker.submit(this.handOff.wrap((Runnable) () -> {
			MDC.put("added", "by-task");
			throw new IllegalStateException("boom");
		}));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(IllegalStateException.class);
		assertThat(workerMdc()).containsExactlyInAnyOrderEntriesOf(Map.of("worker", "w"));
	}

	@Test
	void emptySubmitterMdcClearsTheWorkersLeftovers() throws Exception {
		leaveOnWorker(Map.of("leftover", "x"));
		AtomicReference<Map<String, String>> seen = new AtomicReference<>();
		run(this.handOff.wrap(() -> seen.set(mdc())));
		assertThat(seen.get()).isEmpty();
		assertThat(workerMdc()).containsExactlyInAnyOrderEntriesOf(Map.of("leftover", "x"));
	}

	@Test
	void withoutTheMdcAccessorTheMdcIsNotCarried() throws Exception {
		// what the accessor registration is for: the tests above depend on it
		ContextRegistry.getInstance().removeThreadLocalAccessor(MdcContextAccessor.KEY);
		leaveOnWorker(Map.of("leftover", "x"));
		MDC.put("k", "v");
		AtomicReference<Map<String, String>> seen = new AtomicReference<>();
		run(this.handOff.wrap(() -> seen.set(mdc())));
		assertThat(seen.get()).containsExactlyInAnyOrderEntriesOf(Map.of("leftover", "x"));
	}

	@Test
	void callableSeesTheSubmittersMdcAndReturnsItsResult() throws Exception {
		leaveOnWorker(Map.of("worker", "w"));
		MDC.put("k", "v");
		Map<String, String> seen = this.worker.submit(this.handOff.wrap(() -> {
			Map<String, String> copy = mdc();
			MDC.put("added", "by-task");
			return copy;
		})).get(5, TimeUnit.SECONDS);
		assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		assertThat(workerMdc()).containsExactlyInAnyOrderEntriesOf(Map.of("worker", "w"));
	}

	@Test
	void workerGetsItsOwnMdcBackWhenTheCallableThrows() throws Exception {
		leaveOnWorker(Map.of("worker", "w"));
		MDC.put("k", "v");
		Future<String> failed = this.worker.submit(this.handOff.wrap((Callable<String>) () -> {
			MDC.put("added", "by-task");
			throw new Exception("checked");
		}));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
			.withMessageContaining("checked");
		assertThat(workerMdc()).containsExactlyInAnyOrderEntriesOf(Map.of("worker", "w"));
	}

	@Test
	void supplierSeesTheSubmittersMdc() throws Exception {
		leaveOnWorker(Map.of("worker", "w"));
		MDC.put("k", "v");
		Map<String, String> seen = CompletableFuture.supplyAsync(this.handOff.wrapSupplier(() -> {
			Map<String, String> copy = mdc();
			MDC.put("added", "by-task");
			return copy;
		}), this.worker).get(5, TimeUnit.SECONDS);
		assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		assertThat(workerMdc()).containsExactlyInAnyOrderEntriesOf(Map.of("worker", "w"));
	}

	@Test
	void workerGetsItsOwnMdcBackWhenTheSupplierThrows() throws Exception {
		leaveOnWorker(Map.of("worker", "w"));
		MDC.put("k", "v");
		CompletableFuture<String> failed = CompletableFuture.supplyAsync(this.handOff.wrapSupplier(() -> {
			MDC.put("added", "by-task");
			throw new IllegalStateException("boom");
		}), this.worker);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(IllegalStateException.class);
		assertThat(workerMdc()).containsExactlyInAnyOrderEntriesOf(Map.of("worker", "w"));
	}

	@Test
	void taskRunOnTheSubmittingThreadLeavesItsMdcAsItWas() {
		MDC.put("k", "v");
		Runnable wrapped = this.handOff.wrap(() -> {
			MDC.put("k", "changed");
			MDC.put("added", "by-task");
		});
		wrapped.run();
		assertThat(mdc()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	// Puts values in the worker's MDC with a raw (unwrapped) task.
	private void leaveOnWorker(Map<String, String> values) throws Exception {
		run(() -> MDC.setContextMap(values));
	}

	// The worker's MDC, read by a raw task.
	private Map<String, String> workerMdc() throws Exception {
		return this.worker.submit(ContextHandOffTests::mdc).get(5, TimeUnit.SECONDS);
	}

	private void run(Runnable task) throws Exception {
		this.worker.submit(task).get(5, TimeUnit.SECONDS);
	}

	private static Map<String, String> mdc() {
		Map<String, String> copy = MDC.getCopyOfContextMap();
		return (copy != null) ? copy : Map.of();
	}

}
