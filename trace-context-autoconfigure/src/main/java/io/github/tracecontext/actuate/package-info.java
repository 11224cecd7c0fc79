/**
 * The read-only {@code tracecontext} actuator endpoint.
 */
@NullMarked
package io.github.tracecontext.actuate;

import org.jspecify.annotations.NullMarked;
