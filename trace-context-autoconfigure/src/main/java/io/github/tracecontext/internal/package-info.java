/**
 * Helpers for the starter's own code; not a public API.
 */
@NullMarked
package io.github.tracecontext.internal;

import org.jspecify.annotations.NullMarked;
