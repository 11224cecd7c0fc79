/**
 * Async hand-offs: context capture and restore for executors, schedulers and
 * {@code TracedTasks}.
 */
@NullMarked
package io.github.tracecontext.task;

import org.jspecify.annotations.NullMarked;
