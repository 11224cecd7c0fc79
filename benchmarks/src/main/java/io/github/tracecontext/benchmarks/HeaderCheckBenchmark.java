package io.github.tracecontext.benchmarks;

import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.github.tracecontext.propagation.IncomingListener;
import io.github.tracecontext.w3c.IncomingTraceparent.Outcome;
import io.github.tracecontext.propagation.StrictTraceContextPropagator;
import io.github.tracecontext.w3c.TraceparentHeader;

/**
 * What reading the W3C headers costs: OpenTelemetry's own
 * {@link W3CTraceContextPropagator} next to the starter's
 * {@link StrictTraceContextPropagator} (with a no-op delegate, so only its own
 * {@code traceparent}/{@code tracestate} reading is measured), on the same
 * {@code Map<String, List<String>>} carrier, for a valid header set ({@code traceparent}
 * and a 3-member {@code tracestate}) and an invalid one (the same, with an uppercase
 * {@code traceparent}). {@code starterTraceparentCheck} is the {@code traceparent} parse
 * alone (the ids read out), {@code starterTraceparentValidate} the allocation-free check
 * of the same lines. The inject benchmarks write the extracted context into a fresh map.
 * <p>
 * Run with
 * {@code java -jar benchmarks/target/benchmarks.jar jmh HeaderCheckBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class HeaderCheckBenchmark {

	static final String VALID_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	/**
	 * Uppercase hex: rejected by both (W3C Trace Context, section 3.2.2.3 and 3.2.2.4).
	 */
	static final String INVALID_TRACEPARENT = "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01";

	static final String TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,vendor@tenant=opaque-value_1";

	static final TextMapGetter<Map<String, List<String>>> GETTER = new MapGetter();

	static final TextMapSetter<Map<String, String>> SETTER = (carrier, key, value) -> {
		if (carrier != null) {
			carrier.put(key, value);
		}
	};

	@Param({ "valid", "invalid" })
	public String headers = "valid";

	Map<String, List<String>> carrier = Map.of();

	List<String> traceparentLines = List.of();

	final TextMapPropagator otel = W3CTraceContextPropagator.getInstance();

	final TextMapPropagator starter = new StrictTraceContextPropagator(TextMapPropagator.noop(), IncomingListener.NONE,
			true);

	/**
	 * As Boot wires it: OpenTelemetry's W3C propagator as the delegate (it does the
	 * injection).
	 */
	final TextMapPropagator starterOverW3c = new StrictTraceContextPropagator(W3CTraceContextPropagator.getInstance(),
			IncomingListener.NONE, true);

	Context otelExtracted = Context.root();

	Context starterExtracted = Context.root();

	@Setup(Level.Trial)
	public void setUp() {
		String traceparent = switch (this.headers) {
			case "valid" -> VALID_TRACEPARENT;
			case "invalid" -> INVALID_TRACEPARENT;
			default -> throw new IllegalArgumentException("headers: valid or invalid, not " + this.headers);
		};
		Map<String, List<String>> map = new HashMap<>();
		map.put("traceparent", List.of(traceparent));
		map.put("tracestate", List.of(TRACESTATE));
		map.put("accept", List.of("*/*"));
		this.carrier = map;
		this.traceparentLines = map.get("traceparent");
		this.otelExtracted = this.otel.extract(Context.root(), map, GETTER);
		this.starterExtracted = this.starter.extract(Context.root(), map, GETTER);
		// both must agree, or the comparison is meaningless
		boolean otelValid = Span.fromContext(this.otelExtracted).getSpanContext().isValid();
		boolean starterValid = Span.fromContext(this.starterExtracted).getSpanContext().isValid();
		boolean expected = this.headers.equals("valid");
		if (otelValid != expected || starterValid != expected
				|| TraceparentHeader.parse(this.traceparentLines).isValid() != expected
				|| (TraceparentHeader.validate(this.traceparentLines) == Outcome.ACCEPTED) != expected) {
			throw new IllegalStateException(
					"unexpected outcome for " + this.headers + ": otel=" + otelValid + " starter=" + starterValid);
		}
		if (expected && !Span.fromContext(this.otelExtracted)
			.getSpanContext()
			.getTraceState()
			.asMap()
			.equals(Span.fromContext(this.starterExtracted).getSpanContext().getTraceState().asMap())) {
			throw new IllegalStateException(
					"tracestate differs: " + this.otelExtracted + " / " + this.starterExtracted);
		}
	}

	@Benchmark
	public void otelW3cExtract(Blackhole blackhole) {
		blackhole.consume(this.otel.extract(Context.root(), this.carrier, GETTER));
	}

	@Benchmark
	public void starterExtract(Blackhole blackhole) {
		blackhole.consume(this.starter.extract(Context.root(), this.carrier, GETTER));
	}

	@Benchmark
	public void starterTraceparentCheck(Blackhole blackhole) {
		blackhole.consume(TraceparentHeader.parse(this.traceparentLines));
	}

	/**
	 * The allocation-free check: the same rules, no ids read out (what target 3's "zero
	 * allocation to validate" is measured on).
	 */
	@Benchmark
	public Object starterTraceparentValidate() {
		return TraceparentHeader.validate(this.traceparentLines);
	}

	@Benchmark
	public void otelInject(Blackhole blackhole) {
		Map<String, String> out = new HashMap<>(4);
		this.otel.inject(this.otelExtracted, out, SETTER);
		blackhole.consume(out);
	}

	/**
	 * The starter injects nothing itself: it hands injection to its delegate, here the
	 * no-op one, so this is the cost of that hand-off (and of the empty map) only.
	 */
	@Benchmark
	public void starterInject(Blackhole blackhole) {
		Map<String, String> out = new HashMap<>(4);
		this.starter.inject(this.starterExtracted, out, SETTER);
		blackhole.consume(out);
	}

	/**
	 * The starter with OpenTelemetry's W3C propagator as its delegate, as in an
	 * application: writes the same headers as {@link #otelInject}.
	 */
	@Benchmark
	public void starterInjectW3cDelegate(Blackhole blackhole) {
		Map<String, String> out = new HashMap<>(4);
		this.starterOverW3c.inject(this.starterExtracted, out, SETTER);
		blackhole.consume(out);
	}

	/** A getter over every line of a header, as Spring's carriers have them. */
	static final class MapGetter implements TextMapGetter<Map<String, List<String>>> {

		@Override
		public Iterable<String> keys(Map<String, List<String>> carrier) {
			return carrier.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Map<String, List<String>> carrier, String key) {
			if (carrier == null) {
				return null;
			}
			List<String> values = carrier.get(key);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		@Override
		public Iterator<String> getAll(@Nullable Map<String, List<String>> carrier, String key) {
			if (carrier == null) {
				return Collections.emptyIterator();
			}
			List<String> values = carrier.get(key);
			return (values == null) ? Collections.emptyIterator() : values.iterator();
		}

	}

}
