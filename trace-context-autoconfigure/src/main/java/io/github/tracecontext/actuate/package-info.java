/**
 * The read-only {@code tracecontext} actuator endpoint, its JSON types, the propagation
 * meters, the recent window with its plain-language summary, and the health contribution.
 */
@NullMarked
package io.github.tracecontext.actuate;

import org.jspecify.annotations.NullMarked;
