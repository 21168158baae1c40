/**
 * Workflow definitions (seed architecture §5.2, §5.3): the DAG of nodes and edges a
 * flow runs, its settings and the flow editor's layout, plus the
 * {@link io.devrig.api.flow.WorkflowDefinitions} service that reads, writes and
 * validates them.
 *
 * <p>Free-form parts (node {@code config}, {@code trigger}, {@code metadata}, condition
 * expressions) are JSON-compatible Java values ({@code Map<String, ?>}, {@code List<?>},
 * {@code String}, {@code Number}, {@code Boolean}, {@code null}) so that this package
 * does not depend on Jackson. Editor fields DevRig does not model are kept verbatim
 * as a JSON text in the {@code editor} component of a definition, node or edge.
 */
@Version("1.7.0")
package io.devrig.api.flow;

import org.osgi.annotation.versioning.Version;
