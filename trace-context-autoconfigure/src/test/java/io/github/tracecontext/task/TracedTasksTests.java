package io.github.tracecontext.task;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.context.ContextRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TracedTasks}. It captures through the global {@link ContextRegistry},
 * so the MDC accessor is registered there for each test and removed afterwards.
 */
class TracedTasksTests {

	private final ExecutorService raw = Executors.newSingleThreadExecutor();

	@BeforeEach
	void registerMdcAccessor() {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new MdcContextAccessor("traceId", (withTrace) -> {
		}));
	}

	@AfterEach
	void cleanUp() throws InterruptedException {
		ContextRegistry.getInstance().removeThreadLocalAccessor(MdcContextAccessor.KEY);
		MDC.clear();
		this.raw.shutdownNow();
		assertThat(this.raw.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void supplierCarriesTheMdcToTheCommonPool() throws Exception {
		MDC.put("k", "v");
		Map<String, String> seen = CompletableFuture.supplyAsync(TracedTasks.supplier(TracedTasksTests::mdc))
			.get(5, TimeUnit.SECONDS);
		assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	@Test
	void plainSupplierOnTheCommonPoolDoesNotSeeTheMdc() throws Exception {
		// the counterpart of the test above: without the wrapper nothing is carried
		MDC.put("k", "v");
		Map<String, String> seen = CompletableFuture.supplyAsync(TracedTasksTests::mdc).get(5, TimeUnit.SECONDS);
		assertThat(seen).doesNotContainKey("k");
	}

	@Test
	void supplierCapturesWhenWrappedNotWhenRun() throws Exception {
		MDC.put("k", "at-wrap");
		var task = TracedTasks.supplier(() -> MDC.get("k"));
		MDC.put("k", "later");
		assertThat(CompletableFuture.supplyAsync(task).get(5, TimeUnit.SECONDS)).isEqualTo("at-wrap");
	}

	@Test
	void runnableCarriesTheMdcToANewThread() throws Exception {
		MDC.put("k", "v");
		AtomicReference<Map<String, String>> seen = new AtomicReference<>();
		Thread thread = new Thread(TracedTasks.runnable(() -> seen.set(mdc())));
		thread.start();
		thread.join(5000);
		assertThat(thread.isAlive()).isFalse();
		assertThat(seen.get()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	@Test
	void callableCarriesTheMdcAndTheWorkerGetsItsOwnBack() throws Exception {
		this.raw.submit(() -> MDC.put("worker", "w")).get(5, TimeUnit.SECONDS);
		MDC.put("k", "v");
		Map<String, String> seen = this.raw.submit(TracedTasks.callable(() -> {
			Map<String, String> copy = mdc();
			MDC.put("added", "by-task");
			return copy;
		})).get(5, TimeUnit.SECONDS);
		assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		assertThat(this.raw.submit(TracedTasksTests::mdc).get(5, TimeUnit.SECONDS))
			.containsExactlyInAnyOrderEntriesOf(Map.of("worker", "w"));
	}

	@Test
	void executorServiceIsAnExecutorServiceThatCarriesTheMdc() throws Exception {
		ExecutorService pool = TracedTasks.executorService(this.raw);
		assertThat(pool).isInstanceOf(ExecutorService.class).isNotSameAs(this.raw);
		this.raw.submit(() -> MDC.put("leftover", "x")).get(5, TimeUnit.SECONDS);
		MDC.put("k", "v");
		assertThat(pool.submit(TracedTasksTests::mdc).get(5, TimeUnit.SECONDS))
			.containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		MDC.clear();
		// a submitter without context: the worker's leftovers do not reach the task
		assertThat(pool.submit(TracedTasksTests::mdc).get(5, TimeUnit.SECONDS)).isEmpty();
		assertThat(this.raw.submit(TracedTasksTests::mdc).get(5, TimeUnit.SECONDS))
			.containsExactlyInAnyOrderEntriesOf(Map.of("leftover", "x"));
		pool.shutdown();
		assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.raw.isShutdown()).isTrue();
	}

	@Test
	void executorServiceWrapsAThreadPoolExecutorAsAnExecutorService() throws Exception {
		ExecutorService fixed = Executors.newFixedThreadPool(1);
		try {
			ExecutorService pool = TracedTasks.executorService(fixed);
			assertThat(pool).isNotInstanceOf(ThreadPoolExecutor.class);
			MDC.put("k", "v");
			assertThat(pool.submit(() -> MDC.get("k")).get(5, TimeUnit.SECONDS)).isEqualTo("v");
		}
		finally {
			fixed.shutdownNow();
		}
	}

	@Test
	void executorCarriesTheMdc() throws Exception {
		Executor executor = TracedTasks.executor(this.raw);
		BlockingQueue<Map<String, String>> seen = new LinkedBlockingQueue<>();
		MDC.put("k", "v");
		executor.execute(() -> seen.add(mdc()));
		assertThat(seen.poll(5, TimeUnit.SECONDS)).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
	}

	@Test
	void scheduledExecutorServiceCarriesTheMdc() throws Exception {
		ScheduledExecutorService scheduled = Executors.newSingleThreadScheduledExecutor();
		try {
			ScheduledExecutorService pool = TracedTasks.scheduledExecutorService(scheduled);
			MDC.put("k", "v");
			assertThat(pool.schedule(TracedTasksTests::mdc, 10, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS))
				.containsExactlyInAnyOrderEntriesOf(Map.of("k", "v"));
		}
		finally {
			scheduled.shutdownNow();
		}
	}

	private static Map<String, String> mdc() {
		Map<String, String> copy = MDC.getCopyOfContextMap();
		return (copy != null) ? copy : Map.of();
	}

}
