/**
 * Async hand-off defaults: context propagation for Spring Boot's task executors.
 */
@NullMarked
package io.github.tracecontext.task;

import org.jspecify.annotations.NullMarked;
