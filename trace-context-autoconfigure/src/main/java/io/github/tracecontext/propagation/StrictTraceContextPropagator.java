package io.github.tracecontext.propagation;

import io.github.tracecontext.w3c.ParsedTraceparent;
import io.github.tracecontext.w3c.ParsedTracestate;
import io.github.tracecontext.w3c.TraceparentHeader;
import io.github.tracecontext.w3c.TracestateHeader;

import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.jspecify.annotations.Nullable;

/**
 * The propagator Spring Boot's tracing runs through, with the W3C Trace Context part read
 * by the starter: every header line is seen (Spring's carriers expose them all), repeated
 * {@code traceparent} lines restart the trace, {@code tracestate} lines are combined and
 * checked with the current grammar, and headers are bounded before anything is parsed.
 * Everything else (B3, baggage, injection) stays with the propagators Boot configured,
 * which never see the raw {@code traceparent}/{@code tracestate}.
 */
public final class StrictTraceContextPropagator implements TextMapPropagator {

	static final String TRACEPARENT = "traceparent";

	static final String TRACESTATE = "tracestate";

	static final String BAGGAGE = "baggage";

	/** W3C Baggage, section 3.3.1: at most 8192 bytes in total. */
	static final int MAX_BAGGAGE_LENGTH = 8192;

	/**
	 * Rejection reason: a {@code baggage} header longer than {@value #MAX_BAGGAGE_LENGTH}
	 * characters.
	 */
	public static final String BAGGAGE_OVERSIZED = "baggage-oversized";

	private static final int DEFINED_FLAGS = 0x03;

	private final TextMapPropagator delegate;

	private final IncomingListener listener;

	private final boolean readsW3c;

	private final CallerPolicy callerPolicy;

	private final BaggageAllowlist untrustedBaggage;

	/**
	 * Create a propagator.
	 * @param delegate the propagators Spring Boot configured (they keep B3, baggage and
	 * injection)
	 * @param listener told the outcome of each extraction
	 * @param readsW3c whether W3C Trace Context is consumed at all
	 * ({@code management.tracing.propagation.consume}); if not, the delegate does
	 * everything
	 */
	public StrictTraceContextPropagator(TextMapPropagator delegate, IncomingListener listener, boolean readsW3c) {
		this(delegate, listener, readsW3c, CallerPolicy.TRUST_ALL, BaggageAllowlist.NONE);
	}

	/**
	 * Create a propagator with a trust boundary.
	 * @param delegate the propagators Spring Boot configured
	 * @param listener told the outcome of each extraction
	 * @param readsW3c whether W3C Trace Context is consumed at all
	 * @param callerPolicy which callers may continue their trace
	 * @param untrustedBaggage what is kept from callers that may not
	 */
	public StrictTraceContextPropagator(TextMapPropagator delegate, IncomingListener listener, boolean readsW3c,
			CallerPolicy callerPolicy, BaggageAllowlist untrustedBaggage) {
		this.delegate = delegate;
		this.listener = listener;
		this.readsW3c = readsW3c;
		this.callerPolicy = callerPolicy;
		this.untrustedBaggage = untrustedBaggage;
	}

	/**
	 * The same propagator telling another listener: for requests counted differently (an
	 * excluded path).
	 * @param other the listener
	 * @return a propagator that reads exactly as this one
	 */
	public StrictTraceContextPropagator withListener(IncomingListener other) {
		return new StrictTraceContextPropagator(this.delegate, other, this.readsW3c, this.callerPolicy,
				this.untrustedBaggage);
	}

	@Override
	public Collection<String> fields() {
		return this.delegate.fields();
	}

	@Override
	public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
		this.delegate.inject(context, carrier, setter);
	}

	@Override
	public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
		if (carrier == null || !this.readsW3c) {
			return this.delegate.extract(context, carrier, getter);
		}
		ParsedTraceparent traceparent = TraceparentHeader.parseLines(getter.getAll(carrier, TRACEPARENT));
		boolean trusted = trusts(carrier);
		this.listener.request(RequestOutcome.of(traceparent.outcome(), trusted), traceparent.outcome());
		if (!trusted) {
			return restart(context, carrier, getter, traceparent);
		}
		Context extracted = this.delegate.extract(context, carrier, new BoundedGetter<>(getter, this.listener));
		if (!traceparent.isValid()) {
			return extracted;
		}
		// section 3.3: tracestate is read only with a valid traceparent
		ParsedTracestate tracestate = TracestateHeader.parse(iterable(getter.getAll(carrier, TRACESTATE)));
		String reason = tracestate.outcome().reason();
		if (reason != null) {
			this.listener.dropped(DroppedHeader.TRACESTATE, reason);
		}
		TraceState state = (tracestate.outcome().keepsState() && !tracestate.isEmpty())
				? new Level2TraceState(tracestate) : TraceState.getDefault();
		SpanContext remote = SpanContext.createFromRemoteParent(traceparent.traceId(), traceparent.parentId(),
				TraceFlags.fromByte((byte) (traceparent.flags() & DEFINED_FLAGS)), state);
		return extracted.with(Span.wrap(remote));
	}

	private boolean trusts(Object carrier) {
		try {
			return this.callerPolicy.trusts(carrier);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	// Restart trace (section "Mutating the traceparent Field"): no parent, no tracestate,
	// no
	// sampling decision; the caller's context is offered for a span link
	private <C> Context restart(Context context, C carrier, TextMapGetter<C> getter, ParsedTraceparent traceparent) {
		Context extracted = this.delegate.extract(context, carrier,
				new UntrustedGetter<>(getter, this.untrustedBaggage));
		if (traceparent.isValid()) {
			CallerLinks.offer(SpanContext.createFromRemoteParent(traceparent.traceId(), traceparent.parentId(),
					TraceFlags.fromByte((byte) (traceparent.flags() & DEFINED_FLAGS)), TraceState.getDefault()));
		}
		return extracted;
	}

	private static Iterable<String> iterable(@Nullable Iterator<String> iterator) {
		return (iterator != null) ? () -> iterator : Collections.emptyList();
	}

	@Override
	public String toString() {
		return "StrictTraceContextPropagator{" + this.delegate + "}";
	}

	/**
	 * What the configured propagators read: no {@code traceparent}/{@code tracestate}
	 * (the starter read them), and {@code baggage} only within the W3C Baggage size
	 * limit.
	 */
	private static final class BoundedGetter<C> implements TextMapGetter<C> {

		private final TextMapGetter<C> getter;

		private final IncomingListener listener;

		BoundedGetter(TextMapGetter<C> getter, IncomingListener listener) {
			this.getter = getter;
			this.listener = listener;
		}

		@Override
		public Iterable<String> keys(C carrier) {
			return this.getter.keys(carrier);
		}

		@Override
		public @Nullable String get(@Nullable C carrier, String key) {
			if (isTraceContext(key)) {
				return null;
			}
			String value = this.getter.get(carrier, key);
			if (value != null && BAGGAGE.equalsIgnoreCase(key) && value.length() > MAX_BAGGAGE_LENGTH) {
				this.listener.dropped(DroppedHeader.BAGGAGE, BAGGAGE_OVERSIZED);
				return null;
			}
			return value;
		}

		@Override
		public Iterator<String> getAll(@Nullable C carrier, String key) {
			if (isTraceContext(key)) {
				return Collections.emptyIterator();
			}
			Iterator<String> values = this.getter.getAll(carrier, key);
			if (values == null || !BAGGAGE.equalsIgnoreCase(key)) {
				return (values != null) ? values : Collections.emptyIterator();
			}
			java.util.List<String> kept = new java.util.ArrayList<>();
			int length = 0;
			while (values.hasNext()) {
				String value = values.next();
				length += (value != null) ? value.length() + 1 : 0;
				if (length > MAX_BAGGAGE_LENGTH + 1) {
					this.listener.dropped(DroppedHeader.BAGGAGE, BAGGAGE_OVERSIZED);
					return Collections.emptyIterator();
				}
				kept.add(value);
			}
			return kept.iterator();
		}

		private static boolean isTraceContext(String key) {
			return TRACEPARENT.equalsIgnoreCase(key) || TRACESTATE.equalsIgnoreCase(key);
		}

	}

	/**
	 * What the configured propagators read from a caller that is not trusted: allowlisted
	 * baggage and nothing else (no B3, no W3C, no other baggage).
	 */
	private static final class UntrustedGetter<C> implements TextMapGetter<C> {

		private final TextMapGetter<C> getter;

		private final BaggageAllowlist allowlist;

		UntrustedGetter(TextMapGetter<C> getter, BaggageAllowlist allowlist) {
			this.getter = getter;
			this.allowlist = allowlist;
		}

		@Override
		public Iterable<String> keys(C carrier) {
			return this.getter.keys(carrier);
		}

		@Override
		public @Nullable String get(@Nullable C carrier, String key) {
			if (BAGGAGE.equalsIgnoreCase(key)) {
				String value = this.getter.get(carrier, key);
				return (value != null && value.length() <= MAX_BAGGAGE_LENGTH) ? this.allowlist.filter(value) : null;
			}
			// a baggage field sent as its own header
			// (management.tracing.baggage.remote-fields)
			return this.allowlist.allows(key) ? this.getter.get(carrier, key) : null;
		}

		@Override
		public Iterator<String> getAll(@Nullable C carrier, String key) {
			String value = get(carrier, key);
			return (value != null) ? Collections.singletonList(value).iterator() : Collections.emptyIterator();
		}

	}

}
