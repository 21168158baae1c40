package io.devrig.flow.internal;

import io.devrig.api.condition.ConditionEngine;
import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowDefinitions;
import io.devrig.api.template.TemplateEngine;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Publishes {@link WorkflowDefinitions}: {@link DefinitionCodec} and
 * {@link DefinitionValidator} over the platform's condition and template engines.
 * There is no action registry yet, so {@link #validate(WorkflowDefinition, boolean)}
 * knows no action type (every one is reported missing); callers that know the action
 * types use the three-argument form.
 */
@Component(service = WorkflowDefinitions.class)
public final class FlowDefinitionsComponent implements WorkflowDefinitions {

    private final DefinitionCodec codec = new DefinitionCodec();
    private final DefinitionValidator validator;

    @Activate
    public FlowDefinitionsComponent(@Reference ConditionEngine conditions, @Reference TemplateEngine templates) {
        this.validator = new DefinitionValidator(conditions, templates);
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
        return validate(definition, draft, type -> false);
    }

    @Override
    public ValidationReport validate(WorkflowDefinition definition, boolean draft,
            Predicate<String> knownActionTypes) {
        return validator.validate(definition, draft, knownActionTypes);
    }
}
