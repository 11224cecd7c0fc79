package io.github.tracecontext.it;

import java.net.http.HttpResponse;

import io.github.tracecontext.propagation.CallerPolicy;
import io.github.tracecontext.propagation.RequestOutcome;
import io.github.tracecontext.stats.PropagationCounters;
import io.github.tracecontext.testsupport.HttpGet;
import io.github.tracecontext.testsupport.W3c;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link CallerPolicy} bean replaces the address and path policy of
 * {@code trace-context.incoming.*}: here only callers that came through the gateway
 * (which marks them with a header) continue their trace; the others get a new one.
 */
@SpringBootTest(classes = { TestApplication.class, CallerPolicyBeanTests.GatewayPolicy.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"trace-context.web.response.trace-id-header.enabled=true",
				// ignored: the application's own policy wins
				"trace-context.incoming.trusted-addresses=10.0.0.0/8", "downstream.url=http://127.0.0.1:9" })
@DirtiesContext
@AutoConfigureTracing
class CallerPolicyBeanTests {

	@LocalServerPort
	int port;

	final HttpGet http = new HttpGet(() -> this.port);

	@Autowired
	PropagationCounters counters;

	@Test
	void theApplicationsPolicyDecidesWhoContinuesItsTrace() throws Exception {
		W3c viaGateway = W3c.random();
		W3c direct = W3c.random();
		long continued = this.counters.requests(RequestOutcome.CONTINUED);
		long restarted = this.counters.requests(RequestOutcome.RESTARTED_BY_POLICY);

		assertThat(traceIdServed(viaGateway, true)).isEqualTo(viaGateway.traceId());
		assertThat(traceIdServed(direct, false)).isNotEqualTo(direct.traceId());

		assertThat(this.counters.requests(RequestOutcome.CONTINUED) - continued).isEqualTo(1);
		assertThat(this.counters.requests(RequestOutcome.RESTARTED_BY_POLICY) - restarted).isEqualTo(1);
	}

	private String traceIdServed(W3c caller, boolean viaGateway) throws Exception {
		HttpResponse<String> response = viaGateway
				? this.http.get("/hello?tag=policy", "traceparent", caller.traceparent(), "X-Gateway", "edge-1")
				: this.http.get("/hello?tag=policy", "traceparent", caller.traceparent());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.headers().firstValue("X-Trace-Id").orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class GatewayPolicy {

		@Bean
		CallerPolicy gatewayPolicy() {
			return (carrier) -> carrier instanceof HttpServletRequest request && request.getHeader("X-Gateway") != null;
		}

	}

}
