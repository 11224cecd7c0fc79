package io.github.tracecontext.sample.reactive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's curl against the reactive sample, as a test: the caller's trace reaches
 * the controller, the step on the bounded elastic scheduler, the {@code WebClient} call
 * to itself and the endpoint that answers it, and the response carries a
 * {@code traceresponse} of the same trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@AutoConfigureTracing
class SampleReactiveApplicationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@LocalServerPort
	int port;

	@Test
	void oneRequestKeepsOneTraceIdAcrossEveryStep() throws Exception {
		List<Map.Entry<String, String>> lines = new CopyOnWriteArrayList<>();
		AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
			@Override
			protected void append(ILoggingEvent event) {
				// Read at append time, on the logging thread: what the line would be
				// written with.
				String traceId = event.getMDCPropertyMap().get("traceId");
				lines.add(Map.entry(event.getFormattedMessage() + " [" + event.getThreadName() + "]",
						(traceId != null) ? traceId : "-"));
			}
		};
		appender.start();
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.addAppender(appender);
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/order/book"))
				.header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
				.timeout(Duration.ofSeconds(10))
				.build();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("ordered book (in stock)\n");
			assertThat(response.headers().firstValue("traceresponse"))
				.hasValueSatisfying((value) -> assertThat(value).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01"));
		}
		finally {
			root.detachAppender(appender);
		}
		assertThat(lines)
			.filteredOn((line) -> line.getKey().startsWith("order received")
					|| line.getKey().startsWith("reserved book on a bounded elastic thread")
					|| line.getKey().startsWith("checking inventory") || line.getKey().startsWith("inventory answered"))
			.hasSize(4)
			.allSatisfy((line) -> assertThat(line.getValue()).as(line.getKey()).isEqualTo(TRACE_ID));
	}

}
