/**
 * Helpers for the starter's own code; not an API.
 */
@NullMarked
package io.github.tracecontext.internal;

import org.jspecify.annotations.NullMarked;
