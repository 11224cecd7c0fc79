/**
 * The adapters onto Spring Boot's propagators (strict W3C reading, span links to
 * restarted callers) and the caller-trust policy.
 */
@NullMarked
package io.github.tracecontext.propagation;

import org.jspecify.annotations.NullMarked;
