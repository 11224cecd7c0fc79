/**
 * Checks of incoming trace headers, free of Spring and the servlet API.
 */
@NullMarked
package io.github.tracecontext.propagation;

import org.jspecify.annotations.NullMarked;
