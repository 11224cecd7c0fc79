package io.github.tracecontext.architecture;

import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the library, so that the next integrations keep it: a Spring-free W3C
 * codec at the bottom, one package per feature, {@code autoconfigure} the only package
 * that wires (and that nothing depends on), {@code actuate} read by nothing but the
 * wiring, no cycles, and a public surface that changes only on purpose.
 */
@AnalyzeClasses(packages = "io.github.tracecontext", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String OURS = "io.github.tracecontext";

	@ArchTest
	static final ArchRule codecDependsOnNothingButTheJdk = classes().that()
		.resideInAPackage(OURS + ".w3c..")
		.should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage(OURS + ".w3c..", "java..", "org.jspecify..");

	@ArchTest
	static final ArchRule internalHelpersDependOnNothingOfOurs = classes().that()
		.resideInAPackage(OURS + ".internal..")
		.should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage(OURS + ".internal..", "java..", "org.jspecify..", "org.slf4j..");

	@ArchTest
	static final ArchRule onlyAutoconfigureDeclaresConfiguration = noClasses().that()
		.resideOutsideOfPackage(OURS + ".autoconfigure..")
		.should()
		.beAnnotatedWith(Configuration.class)
		.orShould()
		.beAnnotatedWith(AutoConfiguration.class);

	@ArchTest
	static final ArchRule onlyAutoconfigureDeclaresBeans = noMethods().that()
		.areDeclaredInClassesThat()
		.resideOutsideOfPackage(OURS + ".autoconfigure..")
		.should()
		.beAnnotatedWith(Bean.class);

	@ArchTest
	static final ArchRule nothingDependsOnTheWiring = noClasses().that()
		.resideOutsideOfPackage(OURS + ".autoconfigure..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage(OURS + ".autoconfigure..");

	@ArchTest
	static final ArchRule onlyTheWiringReadsActuate = noClasses().that()
		.resideOutsideOfPackages(OURS + ".autoconfigure..", OURS + ".actuate..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage(OURS + ".actuate..");

	@ArchTest
	static final ArchRule webDoesNotReachIntoPropagation = noClasses().that()
		.resideInAPackage(OURS + ".web..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage(OURS + ".propagation..");

	@ArchTest
	static final ArchRule featurePackagesAreFreeOfCycles = slices().matching(OURS + ".(**)").should().beFreeOfCycles();

	/**
	 * Every public top-level type outside {@code autoconfigure} (public
	 * auto-configurations and properties, as in Spring Boot) and {@code internal} (not
	 * API). A new one is a decision: add it here, in the package's line.
	 */
	static final Set<String> PUBLIC_TYPES = Set.of(
			// endpoint, its JSON types, meters, window, health
			"actuate.TraceContextEndpoint", "actuate.TraceContextDescriptor", "actuate.RecentTracesDescriptor",
			"actuate.TraceTreeDescriptor", "actuate.PropagationMeters", "actuate.PropagationWindow",
			"actuate.PropagationHealthIndicator", "actuate.RecentFigures",
			// outgoing calls
			"client.AllowedHosts", "client.OutgoingCalls", "client.PropagationCountingFilter",
			"client.PropagationCountingInterceptor", "client.RestClientInstrumentingPostProcessor",
			"client.RestTemplateInstrumentingPostProcessor", "client.WebClientInstrumentingPostProcessor",
			// the legacy correlation header
			"correlation.CorrelationIds", "correlation.CorrelationIdAccessor", "correlation.CorrelationIdFilter",
			"correlation.CorrelationIdWebFilter",
			// log lines
			"logging.LogCoverage", "logging.ThreadKind", "logging.TraceIdCoverageFilter",
			"logging.TraceIdCoverageRegistrar", "logging.UntracedByDesign",
			// Boot's propagators and caller trust (CallerPolicy is the extension point)
			"propagation.CallerPolicy", "propagation.WebCallerPolicy", "propagation.AddressRanges",
			"propagation.BaggageAllowlist", "propagation.StrictTraceContextPropagator", "propagation.LinkingPropagator",
			"propagation.IncomingListener", "propagation.RequestOutcome", "propagation.DroppedHeader",
			// counters and inventory
			"stats.PropagationCounters", "stats.InstrumentedComponents",
			// async hand-offs (TracedTasks is what users call)
			"task.TracedTasks", "task.ContextHandOff", "task.ContextAccessorsRegistration",
			"task.ExecutorContextPostProcessor", "task.MdcContextAccessor",
			// the recent-traces view
			"traces.RecentSpans", "traces.RecentSpansProcessor", "traces.RecordedSpan", "traces.SpanNode",
			"traces.TraceSummary", "traces.TraceTree",
			// the W3C codec
			"w3c.TraceparentHeader", "w3c.ParsedTraceparent", "w3c.IncomingTraceparent", "w3c.TracestateHeader",
			"w3c.ParsedTracestate", "w3c.TracestateOutcome",
			// incoming requests
			"web.ExcludedPaths", "web.ExcludedRequestTracing", "web.TraceResponseHeaders",
			"web.reactive.TraceContextWebFilter", "web.reactive.ExcludedReactiveRequests",
			"web.servlet.TraceContextObservationFilter", "web.servlet.ExcludedServletRequests");

	@ArchTest
	static final ArchRule publicSurfaceChangesOnlyOnPurpose = classes().that()
		.arePublic()
		.and()
		.areTopLevelClasses()
		.and()
		.resideOutsideOfPackages(OURS + ".autoconfigure..", OURS + ".internal..")
		.should(beListedIn(PUBLIC_TYPES));

	private static ArchCondition<JavaClass> beListedIn(Set<String> listed) {
		return new ArchCondition<>("be listed in ArchitectureTests.PUBLIC_TYPES") {

			private final Set<String> seen = new TreeSet<>();

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				String name = type.getName().substring(OURS.length() + 1);
				if (type.getSimpleName().equals("package-info")) {
					return;
				}
				this.seen.add(name);
				if (!listed.contains(name)) {
					events.add(SimpleConditionEvent.violated(type, name + " is public but not in PUBLIC_TYPES: make it "
							+ "package-private, move it to internal, or list it"));
				}
			}

			@Override
			public void finish(ConditionEvents events) {
				for (String name : new TreeSet<>(listed)) {
					if (!this.seen.contains(name)) {
						events.add(SimpleConditionEvent.violated(name,
								name + " is listed in PUBLIC_TYPES but is no longer public: remove it from the list"));
					}
				}
			}

		};
	}

}
