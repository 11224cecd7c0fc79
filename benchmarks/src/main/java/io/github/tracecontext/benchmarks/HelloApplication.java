package io.github.tracecontext.benchmarks;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The trivial WebFlux service under load: {@link HelloController} and nothing else of its
 * own. Started by {@link WebFluxThroughput} in a child JVM, one configuration at a time.
 */
@SpringBootApplication
public class HelloApplication {

}
