/**
 * Instrumentation of RestTemplate and RestClient beans that Spring Boot's builders did not make.
 */
@NullMarked
package io.github.tracecontext.client;

import org.jspecify.annotations.NullMarked;
