/**
 * The workflow executor: runs as jobs of the durable queue, their state in
 * {@code workflow_runs}, {@code node_runs} and {@code execution_logs}. Private.
 */
package io.devrig.flow.engine.internal;
