package io.github.tracecontext.benchmarks.load;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The measured endpoints ({@code /trivial}, {@code /hop}, {@code /leaf}) and the
 * configuration check ({@code /check}, {@code /check/leaf}), which run.sh calls once
 * before it measures and never under load.
 */
@RestController
public class LoadController {

	private static final Logger log = LoggerFactory.getLogger(LoadController.class);

	private final AsyncStep asyncStep;

	private final RestClient selfClient;

	LoadController(AsyncStep asyncStep, RestClient selfClient) {
		this.asyncStep = asyncStep;
		this.selfClient = selfClient;
	}

	@GetMapping("/trivial")
	String trivial() {
		log.info("trivial");
		return "ok";
	}

	@GetMapping("/hop")
	String hop() {
		this.asyncStep.step().join();
		String leaf = this.selfClient.get().uri("/leaf").retrieve().body(String.class);
		return "hop " + leaf;
	}

	@GetMapping("/leaf")
	String leaf() {
		log.info("leaf");
		return "leaf";
	}

	@GetMapping("/check")
	String check() {
		log.info("check");
		String here = Probe.traceIds();
		String async = this.asyncStep.probe().join();
		String leaf = this.selfClient.get().uri("/check/leaf").retrieve().body(String.class);
		return Probe.classes() + "\ncontroller " + here + "\nasync " + async + "\n" + leaf + "\n";
	}

	@GetMapping("/check/leaf")
	String checkLeaf(@RequestHeader(name = "traceparent", required = false) String traceparent) {
		log.info("check leaf");
		return "leaf " + Probe.traceIds() + " traceparent=" + ((traceparent != null) ? traceparent : "-");
	}

}
