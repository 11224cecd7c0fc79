package io.github.tracecontext.autoconfigure;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The recording handler and request factory as beans.
 */
@Configuration(proxyBeanMethods = false)
class RecordingClientConfiguration {

	@Bean
	RecordingObservationHandler recordingObservationHandler() {
		return new RecordingObservationHandler();
	}

	@Bean
	RecordingRequestFactory recordingRequestFactory() {
		return new RecordingRequestFactory();
	}

}
