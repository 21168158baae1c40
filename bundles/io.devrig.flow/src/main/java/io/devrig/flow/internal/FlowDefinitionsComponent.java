package io.devrig.flow.internal;

import io.devrig.api.action.ActionRegistry;
import io.devrig.api.condition.ConditionEngine;
import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowDefinitions;
import io.devrig.api.template.TemplateEngine;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Publishes {@link WorkflowDefinitions}: {@link DefinitionCodec} and
 * {@link DefinitionValidator} over the platform's condition and template engines.
 * {@link #validate(WorkflowDefinition, boolean)} checks action types and node configs
 * against the {@link ActionRegistry} when one is running (without one, every action type
 * is reported missing).
 */
@Component(service = WorkflowDefinitions.class)
public final class FlowDefinitionsComponent implements WorkflowDefinitions {

    private final DefinitionCodec codec = new DefinitionCodec();
    private final DefinitionValidator validator;
    private volatile ActionRegistry actions;

    @Activate
    public FlowDefinitionsComponent(@Reference ConditionEngine conditions, @Reference TemplateEngine templates) {
        this.validator = new DefinitionValidator(conditions, templates);
    }

    /** The action registry, optional: it comes and goes with the action bundle. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setActions(ActionRegistry registry) {
        this.actions = registry;
    }

    public void unsetActions(ActionRegistry registry) {
        if (this.actions == registry) {
            this.actions = null;
        }
    }

    @Override
    public WorkflowDefinition parse(String json) {
        return codec.parse(json);
    }

    @Override
    public String toJson(WorkflowDefinition definition) {
        return codec.toJson(definition);
    }

    @Override
    public ValidationReport validate(WorkflowDefinition definition, boolean draft) {
        ActionRegistry registry = actions;
        if (registry == null) {
            return validate(definition, draft, type -> false);
        }
        return ActionConfigChecks.add(validate(definition, draft, registry::has), definition, registry);
    }

    @Override
    public ValidationReport validate(WorkflowDefinition definition, boolean draft,
            Predicate<String> knownActionTypes) {
        return validator.validate(definition, draft, knownActionTypes);
    }
}
