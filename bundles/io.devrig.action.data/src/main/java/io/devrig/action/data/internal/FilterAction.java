package io.devrig.action.data.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionErrors;
import io.devrig.api.action.ActionExecutor;
import io.devrig.common.action.DeclaredActions;
import io.devrig.api.condition.CompiledCondition;
import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionEngine;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.common.json.JsonPathText;
import io.devrig.common.json.JsonTrees;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code data.filter}: keeps the elements of {@code items} for which a condition DSL
 * expression holds. Each element is evaluated with the run context
 * {@code {"<as>": element, "index": i}}, so the condition reads it with
 * {@code {"type":"context","path":"item.status"}}. Strictly typed, as the condition engine is.
 */
@Component(service = ActionExecutor.class, property = ActionExecutor.TYPE_PROPERTY + "=" + FilterAction.TYPE)
public final class FilterAction implements ActionExecutor {

    static final String TYPE = "data.filter";
    static final String DEFAULT_AS = "item";
    static final String INDEX = "index";

    /** Declared in OSGI-INF/devrig/actions.json (name, description, schemas: data, not code). */
    private static final ActionDescriptor DESCRIPTOR = DeclaredActions.builtIn(FilterAction.class, TYPE);
    private static final Set<String> FIELDS = Set.of("items", "condition", "as");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final int CANCEL_CHECK_EVERY = 256;

    private final ConditionEngine conditions;

    @Activate
    public FilterAction(@Reference ConditionEngine conditions) {
        this.conditions = Objects.requireNonNull(conditions, "conditions");
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        Map<String, Object> in = Inputs.object(input, "$");
        Inputs.onlyFields(in, "$", FIELDS);
        List<?> items = Inputs.array(Inputs.required(in, "items", "$"), "$.items");
        Object expression = Inputs.required(in, "condition", "$");
        if (!(expression instanceof Map)) {
            throw DataErrors.invalid("$.condition", "must be a condition object, found " + JsonTrees.type(expression));
        }
        String as = in.containsKey("as") ? name(in.get("as")) : DEFAULT_AS;
        // the items are checked (types, sizes) before any evaluation, so a bad element fails the call as a whole
        Inputs.tree(items, "$.items");
        CompiledCondition condition = compile(expression);

        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (i % CANCEL_CHECK_EVERY == 0) {
                DataErrors.checkCancelled(context);
            }
            Object element = items.get(i);
            if (evaluate(condition, as, element, i)) {
                kept.add(element);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", kept);
        out.put("count", kept.size());
        out.put("rejected", items.size() - kept.size());
        return out;
    }

    private static String name(Object value) {
        String as = Inputs.string(value, "$.as");
        if (!NAME.matcher(as).matches()) {
            throw DataErrors.invalid("$.as", "must be a name of letters, digits and '_' (not starting with a digit), "
                    + "at most 64 characters");
        }
        if (INDEX.equals(as)) {
            throw DataErrors.invalid("$.as", "'index' is taken by the element's position");
        }
        return as;
    }

    private CompiledCondition compile(Object expression) {
        try {
            return conditions.compile(expression);
        } catch (DevRigException e) {
            throw reRooted(e);
        }
    }

    private static boolean evaluate(CompiledCondition condition, String as, Object element, int i) {
        String path = JsonPathText.index("$.items", i);
        ObjectNode run = JsonNodeFactory.instance.objectNode();
        JsonNode tree = Inputs.tree(element, path);
        run.set(as, tree);
        run.put(INDEX, i);
        try {
            return condition.evaluate(ConditionContext.builder().run(run).build());
        } catch (DevRigException e) {
            throw DataErrors.at(path, "the condition failed on element " + i + ": ", e, Map.of(INDEX, i));
        } catch (RuntimeException e) {
            throw new DevRigException(new DevRigError(ActionErrors.ACTION_FAILED, ErrorCategory.PLUGIN,
                    path + ": the condition failed on element " + i + " (" + e.getClass().getSimpleName() + ")",
                    Map.of(DataErrors.PATH, path, INDEX, i), true, null, null, Instant.now()), e);
        }
    }

    /**
     * The engine reports problems at paths inside the expression ({@code $.conditions[1].operator});
     * inside this action's input that is {@code $.condition.conditions[1].operator}.
     */
    private static DevRigException reRooted(DevRigException e) {
        Object problems = e.error().details().get("problems");
        if (!ErrorCodes.INVALID_INPUT.equals(e.code()) || !(problems instanceof List<?> list) || list.isEmpty()) {
            return DataErrors.at("$.condition", "", e, Map.of());
        }
        List<String> rooted = new ArrayList<>();
        for (Object p : list) {
            String problem = String.valueOf(p);
            rooted.add(problem.startsWith("$") ? "$.condition" + problem.substring(1) : "$.condition: " + problem);
        }
        String message = "invalid condition: " + String.join("; ", rooted.subList(0, Math.min(20, rooted.size())))
                + (rooted.size() > 20 ? "; …" : "");
        Map<String, Object> details = new LinkedHashMap<>(e.error().details());
        details.put("problems", List.copyOf(rooted));
        details.put(DataErrors.PATH, "$.condition");
        return new DevRigException(new DevRigError(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                message, details, false, null, null, Instant.now()), e);
    }
}
