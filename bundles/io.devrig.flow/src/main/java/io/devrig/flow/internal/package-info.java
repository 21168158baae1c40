/**
 * Workflow definitions: {@link io.devrig.flow.internal.DefinitionCodec} reads (strictly,
 * after the {@link io.devrig.flow.internal.DefinitionMigration} chain of
 * {@link io.devrig.flow.internal.Migrations}) and writes them;
 * {@link io.devrig.flow.internal.DefinitionValidator} checks them for saving;
 * {@link io.devrig.flow.internal.FlowDefinitionsComponent} publishes both as the
 * {@link io.devrig.api.flow.WorkflowDefinitions} service. Plain Java apart from the
 * component. Not exported.
 */
package io.devrig.flow.internal;
