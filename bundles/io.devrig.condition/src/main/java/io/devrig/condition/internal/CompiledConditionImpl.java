package io.devrig.condition.internal;

import io.devrig.api.condition.CompiledCondition;
import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionReferences;
import io.devrig.api.condition.ConditionResult;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A compiled condition: an immutable expression tree, shared by every evaluation. */
final class CompiledConditionImpl implements CompiledCondition {

    private final Expr expression;
    private final String json;
    private final ConditionReferences references;
    private final RegexGuard regex;
    private final CustomConditions customs;

    CompiledConditionImpl(Expr expression, String json, ConditionReferences references, RegexGuard regex,
            CustomConditions customs) {
        this.expression = expression;
        this.json = json;
        this.references = references;
        this.regex = regex;
        this.customs = customs;
    }

    @Override
    public boolean evaluate(ConditionContext context) {
        return run(new Scope(Objects.requireNonNull(context, "context"), regex, customs, null));
    }

    @Override
    public ConditionResult explain(ConditionContext context) {
        List<String> trace = new ArrayList<>();
        try {
            boolean value = run(new Scope(Objects.requireNonNull(context, "context"), regex, customs, trace));
            return new ConditionResult(value, trace, null);
        } catch (DevRigException e) {
            trace.add(e.error().summary());
            return new ConditionResult(false, trace, e.error());
        }
    }

    private boolean run(Scope scope) {
        try {
            return expression.eval(scope);
        } catch (DevRigException e) {
            throw e;
        } catch (RuntimeException e) {
            // a faulty lookup of the caller's; its message could hold any value, so only the type
            throw new DevRigException(ErrorCodes.INTERNAL_ERROR, ErrorCategory.PERMANENT,
                    "condition evaluation failed: " + e.getClass().getName(), e);
        }
    }

    @Override
    public String json() {
        return json;
    }

    @Override
    public ConditionReferences references() {
        return references;
    }

    Expr expression() {
        return expression;
    }

    @Override
    public String toString() {
        return "CompiledCondition" + (json.length() <= 200 ? json : json.substring(0, 200) + "…");
    }
}
