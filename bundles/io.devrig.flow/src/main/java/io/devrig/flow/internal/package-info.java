/**
 * Workflow definitions: {@link io.devrig.flow.internal.DefinitionCodec} reads (after the
 * {@link io.devrig.flow.internal.DefinitionMigration} chain of
 * {@link io.devrig.flow.internal.Migrations}, against the JSON Schema the bundle publishes at
 * {@code /schemas/workflow-definition.schema.json}) and writes them;
 * {@link io.devrig.flow.internal.DefinitionValidator} checks them for saving;
 * {@link io.devrig.flow.internal.FlowDefinitionsComponent} publishes both as the
 * {@link io.devrig.api.flow.WorkflowDefinitions} service.
 * {@link io.devrig.flow.internal.WorkflowStore} keeps workflows in the database (one
 * draft each, immutable published versions) and
 * {@link io.devrig.flow.internal.WorkflowsComponent} publishes it as the
 * {@link io.devrig.api.flow.Workflows} service. Plain Java apart from the components.
 * Not exported.
 */
package io.devrig.flow.internal;
