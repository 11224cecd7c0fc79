package io.github.tracecontext.web.reactive;

import java.util.List;

import io.github.tracecontext.web.ExcludedPaths;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReactiveExcludedPathsObservationPredicate}.
 */
class ReactiveExcludedPathsObservationPredicateTests {

	private final ExcludedPaths excludedPaths = new ExcludedPaths(List.of("/actuator/**"));

	private final ReactiveExcludedPathsObservationPredicate predicate = new ReactiveExcludedPathsObservationPredicate(
			this.excludedPaths);

	// Spring's HttpWebHandlerAdapter hands the predicate a read-only view of the exchange's
	// attributes, before any web filter has run.
	@Test
	void decidesOnTheReadOnlyAttributesOfANewExchange() {
		assertThat(this.predicate.test("http.server.requests", context("/order/book"))).isTrue();
		assertThat(this.predicate.test("http.server.requests", context("/actuator/health"))).isFalse();
	}

	@Test
	void agreesWithTheFilterThatRunsAfterIt() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health"));
		ServerRequestObservationContext context = new ServerRequestObservationContext(exchange.getRequest(),
				exchange.getResponse(), exchange.getAttributes());
		assertThat(this.predicate.test("http.server.requests", context)).isFalse();
		assertThat(TraceContextWebFilter.isExcluded(exchange, this.excludedPaths)).isTrue();
		assertThat(exchange.getAttributes()).containsEntry(TraceContextWebFilter.EXCLUDED_ATTRIBUTE, true);
	}

	private static ServerRequestObservationContext context(String path) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
		return new ServerRequestObservationContext(exchange.getRequest(), exchange.getResponse(),
				exchange.getAttributes());
	}

}
