/**
 * Pieces shared by the servlet and reactive web integrations: path exclusion and response headers.
 */
@NullMarked
package io.github.tracecontext.web;

import org.jspecify.annotations.NullMarked;
