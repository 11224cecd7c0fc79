/**
 * The sample service.
 */
@NullMarked
package io.github.tracecontext.sample;

import org.jspecify.annotations.NullMarked;
