/**
 * Outgoing calls: Boot's observation instrumentation for RestTemplate, RestClient and
 * WebClient beans its builders did not make, the outgoing host allowlist, and counting
 * calls by whether they carried a trace.
 */
@NullMarked
package io.github.tracecontext.client;

import org.jspecify.annotations.NullMarked;
