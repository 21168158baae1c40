package io.devrig.condition.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.condition.ConditionReferences;
import io.devrig.common.json.JsonPathText;
import io.devrig.common.path.DataPath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a condition expression and compiles it. Strict: unknown fields are errors (a
 * typo must not silently change what a branch does), and every problem is reported,
 * each with its JSON path ({@code $.conditions[1].operator: ...}). Regular expressions
 * are compiled here, once.
 */
final class ConditionParser {

    static final List<String> EXPRESSION_TYPES = List.of("and", "or", "not", "compare", "exists", "matches", "in",
            "custom");
    static final List<String> REF_TYPES = List.of("literal", "context", "env", "node", "secret", "cast");
    /** A plugin's name: its bundle symbolic name. */
    private static final Pattern PLUGIN_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");
    /** A flow node id, as the plugin descriptor requires it. */
    private static final Pattern CONDITION_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,127}");
    private static final String FLAGS = "ims";

    /** The outcome: the expression when there are no problems. */
    record Parsed(Expr expression, List<String> problems, ConditionReferences references) {
    }

    private final Limits limits;
    private final RegexGuard regex;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> nodeIds = new TreeSet<>();
    private final Set<String> envKeys = new TreeSet<>();
    private final Set<String> secretNames = new TreeSet<>();
    private final Set<String> customs = new TreeSet<>();

    private ConditionParser(Limits limits, RegexGuard regex) {
        this.limits = limits;
        this.regex = regex;
    }

    static Parsed parse(JsonNode root, Limits limits, RegexGuard regex) {
        ConditionParser parser = new ConditionParser(limits, regex);
        Expr expr = parser.expression(root, "$", 1);
        List<String> problems = List.copyOf(parser.problems);
        return new Parsed(problems.isEmpty() ? expr : null, problems,
                new ConditionReferences(parser.nodeIds, parser.envKeys, parser.secretNames, parser.customs));
    }

    // ---- condition expressions ----

    private Expr expression(JsonNode node, String path, int depth) {
        if (node == null || !node.isObject()) {
            problem(path, "must be a condition: an object such as {\"type\":\"compare\", ...}");
            return null;
        }
        if (depth > limits.maxDepth()) {
            problem(path, "nested deeper than " + limits.maxDepth() + " levels");
            return null;
        }
        String type = type(node, path, EXPRESSION_TYPES, "condition", REF_TYPES);
        if (type == null) {
            return null;
        }
        switch (type) {
            case "and":
            case "or": {
                fields(node, path, type, "conditions");
                List<Expr> list = conditions(node, path, type, depth);
                return list == null ? null
                        : type.equals("and") ? new Expr.And(path, list) : new Expr.Or(path, list);
            }
            case "not": {
                fields(node, path, type, "condition");
                if (node.has("conditions") && !node.has("condition")) {
                    problem(path, "'not' takes exactly one condition, in 'condition' (not a 'conditions' list)");
                    return null;
                }
                Expr inner = expression(required(node, path, "condition"), field(path, "condition"), depth + 1);
                return inner == null ? null : new Expr.Not(path, inner);
            }
            case "compare": {
                fields(node, path, type, "left", "operator", "right");
                Ref left = ref(node, path, "left", depth, true);
                CompareOp op = operator(node, path);
                Ref right = ref(node, path, "right", depth, true);
                return left == null || op == null || right == null ? null : new Expr.Compare(path, left, op, right);
            }
            case "exists": {
                fields(node, path, type, "ref");
                Ref ref = ref(node, path, "ref", depth, true);
                return ref == null ? null : new Expr.Exists(path, ref);
            }
            case "matches": {
                fields(node, path, type, "ref", "pattern", "flags");
                Ref ref = ref(node, path, "ref", depth, true);
                Pattern pattern = pattern(node, path);
                return ref == null || pattern == null ? null : new Expr.Matches(path, ref, pattern);
            }
            case "in": {
                fields(node, path, type, "ref", "values");
                Ref ref = ref(node, path, "ref", depth, true);
                List<JsonNode> values = values(node, path);
                return ref == null || values == null ? null : new Expr.In(path, ref, values);
            }
            default: // custom
                return custom(node, path, depth);
        }
    }

    private List<Expr> conditions(JsonNode node, String path, String type, int depth) {
        JsonNode list = required(node, path, "conditions");
        String at = field(path, "conditions");
        if (list == null) {
            if (node.has("condition")) {
                problem(path, "'" + type + "' takes a 'conditions' list, not a single 'condition'");
            }
            return null;
        }
        if (!list.isArray()) {
            problem(at, "must be an array of conditions");
            return null;
        }
        if (list.isEmpty()) {
            problem(at, "'" + type + "' needs at least one condition");
            return null;
        }
        List<Expr> result = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.size(); i++) {
            Expr e = expression(list.get(i), at + "[" + i + "]", depth + 1);
            ok &= e != null;
            result.add(e);
        }
        return ok ? List.copyOf(result) : null;
    }

    private CompareOp operator(JsonNode node, String path) {
        JsonNode value = required(node, path, "operator");
        if (value == null) {
            return null;
        }
        String at = field(path, "operator");
        if (!value.isTextual()) {
            problem(at, "must be a string, one of " + CompareOp.known());
            return null;
        }
        return CompareOp.of(value.textValue()).orElseGet(() -> {
            problem(at, "unknown operator '" + value.textValue() + "' (known: " + CompareOp.known() + ")");
            return null;
        });
    }

    private Pattern pattern(JsonNode node, String path) {
        int flags = 0;
        JsonNode f = node.get("flags");
        boolean flagsOk = true;
        if (f != null) {
            String at = field(path, "flags");
            if (!f.isTextual()) {
                problem(at, "must be a string of flags among i, m, s");
                flagsOk = false;
            } else {
                for (char c : f.textValue().toCharArray()) {
                    switch (c) {
                        case 'i' -> flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                        case 'm' -> flags |= Pattern.MULTILINE;
                        case 's' -> flags |= Pattern.DOTALL;
                        default -> {
                            problem(at, "unknown flag '" + c + "' (known: " + String.join(", ", FLAGS.split("")) + ")");
                            flagsOk = false;
                        }
                    }
                }
            }
        }
        JsonNode value = required(node, path, "pattern");
        if (value == null) {
            return null;
        }
        String at = field(path, "pattern");
        if (!value.isTextual() || value.textValue().isEmpty()) {
            problem(at, "must be a non-empty string (a Java regular expression)");
            return null;
        }
        String source = value.textValue();
        if (source.length() > limits.maxPatternLength()) {
            problem(at, "is " + source.length() + " characters long; at most " + limits.maxPatternLength()
                    + " are allowed");
            return null;
        }
        try {
            Pattern compiled = regex.compile(source, flags);
            return flagsOk ? compiled : null;
        } catch (PatternSyntaxException e) {
            problem(at, "invalid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
            return null;
        }
    }

    private List<JsonNode> values(JsonNode node, String path) {
        JsonNode list = required(node, path, "values");
        if (list == null) {
            return null;
        }
        String at = field(path, "values");
        if (!list.isArray()) {
            problem(at, "must be an array of JSON values");
            return null;
        }
        if (list.isEmpty()) {
            problem(at, "needs at least one value ('in' an empty list is always false)");
            return null;
        }
        List<JsonNode> values = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            if (looksLikeRef(v)) {
                // strict typing would compare against the ref object itself: always false
                problem(at + "[" + i + "]", "'values' holds plain JSON values, not value refs (write \"open\","
                        + " not {\"type\":\"literal\",\"value\":\"open\"})");
                ok = false;
            }
            values.add(v.deepCopy());
        }
        return ok ? List.copyOf(values) : null;
    }

    private static boolean looksLikeRef(JsonNode v) {
        return v.isObject() && v.path("type").isTextual() && REF_TYPES.contains(v.path("type").textValue());
    }

    private Expr custom(JsonNode node, String path, int depth) {
        fields(node, path, "custom", "pluginId", "functionName", "args");
        String pluginId = text(node, path, "pluginId", PLUGIN_ID, "the plugin's name (its bundle symbolic name)");
        String functionName = text(node, path, "functionName", CONDITION_ID,
                "the condition's id: lower case letters, digits, '.', '_' or '-'");
        List<Ref> args = new ArrayList<>();
        boolean ok = true;
        JsonNode list = node.get("args");
        if (list != null && !list.isNull()) {
            String at = field(path, "args");
            if (!list.isArray()) {
                problem(at, "must be an array of value refs");
                ok = false;
            } else {
                for (int i = 0; i < list.size(); i++) {
                    Ref r = ref(list.get(i), at + "[" + i + "]", depth + 1, false);
                    ok &= r != null;
                    args.add(r);
                }
            }
        }
        if (pluginId == null || functionName == null || !ok) {
            return null;
        }
        customs.add(pluginId + "/" + functionName);
        return new Expr.Custom(path, pluginId, functionName, List.copyOf(args));
    }

    // ---- value refs ----

    private Ref ref(JsonNode parent, String path, String name, int depth, boolean secretAllowed) {
        JsonNode node = required(parent, path, name);
        return node == null ? null : ref(node, field(path, name), depth + 1, secretAllowed);
    }

    private Ref ref(JsonNode node, String path, int depth, boolean secretAllowed) {
        if (!node.isObject()) {
            problem(path, "must be a value ref: an object such as {\"type\":\"literal\",\"value\":...}");
            return null;
        }
        if (depth > limits.maxDepth()) {
            problem(path, "nested deeper than " + limits.maxDepth() + " levels");
            return null;
        }
        String type = type(node, path, REF_TYPES, "value ref", EXPRESSION_TYPES);
        if (type == null) {
            return null;
        }
        switch (type) {
            case "literal": {
                fields(node, path, type, "value");
                if (!node.has("value")) {
                    problem(field(path, "value"), "required (it may be null)");
                    return null;
                }
                return new Ref.Literal(node.get("value").deepCopy());
            }
            case "context": {
                fields(node, path, type, "path");
                DataPath p = dataPath(node, path, true);
                return p == null ? null : new Ref.Context(p);
            }
            case "env": {
                fields(node, path, type, "key");
                String key = text(node, path, "key", null, null);
                if (key != null) {
                    envKeys.add(key);
                }
                return key == null ? null : new Ref.Env(key);
            }
            case "node": {
                fields(node, path, type, "nodeId", "path");
                String nodeId = text(node, path, "nodeId", null, null);
                DataPath p = dataPath(node, path, false);
                if (nodeId == null || p == null) {
                    return null;
                }
                nodeIds.add(nodeId);
                return new Ref.Node(nodeId, p);
            }
            case "secret": {
                fields(node, path, type, "key");
                String key = text(node, path, "key", null, null);
                if (!secretAllowed) {
                    problem(path, "a secret cannot be passed to a custom condition (plugins read the secrets they"
                            + " are granted through their SDK)");
                    return null;
                }
                if (key == null) {
                    return null;
                }
                secretNames.add(key);
                return new Ref.Secret(key, path);
            }
            default: { // cast
                fields(node, path, type, "to", "ref");
                CastType to = null;
                JsonNode t = required(node, path, "to");
                if (t != null) {
                    if (!t.isTextual()) {
                        problem(field(path, "to"), "must be a string, one of " + CastType.known());
                    } else {
                        to = CastType.of(t.textValue()).orElse(null);
                        if (to == null) {
                            problem(field(path, "to"), "unknown cast type '" + t.textValue() + "' (known: "
                                    + CastType.known() + ")");
                        }
                    }
                }
                Ref inner = ref(node, path, "ref", depth, secretAllowed);
                return to == null || inner == null ? null : new Ref.Cast(to, inner, path);
            }
        }
    }

    private DataPath dataPath(JsonNode node, String path, boolean required) {
        JsonNode value = node.get("path");
        String at = field(path, "path");
        if (value == null || value.isNull()) {
            if (required) {
                problem(at, "required (a data path such as trigger.payload.items[0].title)");
                return null;
            }
            return DataPath.ROOT;
        }
        if (!value.isTextual() || (required && value.textValue().isEmpty())) {
            problem(at, "must be a " + (required ? "non-empty " : "") + "string (a data path such as"
                    + " trigger.payload.items[0].title)");
            return null;
        }
        try {
            return DataPath.parse(value.textValue());
        } catch (DataPath.SyntaxException e) {
            problem(at, e.getMessage());
            return null;
        }
    }

    // ---- helpers ----

    /**
     * The {@code type} field, one of {@code known}; null (with the problem reported) otherwise.
     *
     * @param other the types of the other family, for a hint when one is used in the wrong place
     */
    private String type(JsonNode node, String path, List<String> known, String what, List<String> other) {
        JsonNode value = node.get("type");
        String at = field(path, "type");
        String list = String.join(", ", known);
        if (value == null || value.isNull()) {
            problem(at, "required: the " + what + " type, one of " + list);
            return null;
        }
        if (!value.isTextual()) {
            problem(at, "must be a string, one of " + list);
            return null;
        }
        String type = value.textValue();
        if (known.contains(type)) {
            return type;
        }
        if (other.contains(type)) {
            problem(at, "'" + type + "' is a " + (what.equals("condition") ? "value ref" : "condition")
                    + ", but a " + what + " is expected here (one of " + list + ")");
        } else {
            problem(at, "unknown " + what + " type '" + type + "' (known: " + list + ")");
        }
        return null;
    }

    private JsonNode required(JsonNode node, String path, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            problem(field(path, name), "required");
            return null;
        }
        return value;
    }

    /** A required non-empty string, matching {@code syntax} when given. */
    private String text(JsonNode node, String path, String name, Pattern syntax, String expected) {
        JsonNode value = required(node, path, name);
        if (value == null) {
            return null;
        }
        String at = field(path, name);
        if (!value.isTextual() || value.textValue().isBlank()) {
            problem(at, "must be a non-empty string");
            return null;
        }
        if (syntax != null && !syntax.matcher(value.textValue()).matches()) {
            problem(at, "'" + value.textValue() + "' is not " + expected);
            return null;
        }
        return value.textValue();
    }

    private void fields(JsonNode node, String path, String type, String... allowed) {
        Set<String> ok = new LinkedHashSet<>();
        ok.add("type");
        ok.addAll(List.of(allowed));
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!ok.contains(name)) {
                problem(field(path, name), "unknown field for '" + type + "' (allowed: " + String.join(", ", ok) + ")");
            }
        }
    }

    /** {@code $.a.b}, or {@code $.a["odd key"]} for keys that are not plain names. */
    static String field(String path, String name) {
        return JsonPathText.key(path, name);
    }

    private void problem(String path, String message) {
        problems.add(path + ": " + message);
    }
}
