package io.devrig.flow.internal;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionRegistry;
import io.devrig.api.flow.NodeType;
import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Validation that needs the action registry: each known action node's config against its type. */
final class ActionConfigChecks {

    private ActionConfigChecks() {
    }

    /**
     * {@code base} plus, for every action node whose type is known, the problems of its
     * config (re-rooted under {@code $.nodes[i].config}) and a config version newer than
     * the type knows.
     */
    static ValidationReport add(ValidationReport base, WorkflowDefinition def, ActionRegistry actions) {
        List<String> errors = new ArrayList<>(base.errors());
        for (int i = 0; i < def.nodes().size(); i++) {
            WorkflowNode n = def.nodes().get(i);
            if (n.type() != NodeType.ACTION || n.actionType() == null) {
                continue;
            }
            Optional<ActionDescriptor> d = actions.descriptor(n.actionType());
            if (d.isEmpty()) {
                continue; // reported by the definition validator (missing, or an error when publishing)
            }
            String path = "$.nodes[" + i + "]";
            if (n.configVersion() > d.get().configVersion()) {
                errors.add(path + ".configVersion: " + n.configVersion() + " is newer than the config version "
                        + d.get().configVersion() + " of action type '" + n.actionType() + "'");
                continue; // its config has a format this action type does not know
            }
            for (String p : actions.validateConfig(n.actionType(), n.config())) {
                errors.add(DefinitionValidator.reroot(p, path + ".config"));
            }
        }
        return new ValidationReport(errors, base.warnings(), base.missingActionTypes());
    }
}
