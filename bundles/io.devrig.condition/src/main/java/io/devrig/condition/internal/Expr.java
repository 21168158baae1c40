package io.devrig.condition.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.common.json.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A condition expression of the DSL, compiled. {@code path} is its JSON path, for errors and traces. */
sealed interface Expr {

    boolean eval(Scope scope);

    String path();

    /** {@code and}: true when every condition is; stops at the first false. */
    record And(String path, List<Expr> conditions) implements Expr {
        @Override
        public boolean eval(Scope scope) {
            for (int i = 0; i < conditions.size(); i++) {
                if (!conditions.get(i).eval(scope)) {
                    scope.trace(path + " and → false (condition " + (i + 1) + " of " + conditions.size()
                            + " is false" + (i + 1 < conditions.size() ? "; the rest were not evaluated)" : ")"));
                    return false;
                }
            }
            scope.trace(path + " and → true (all " + conditions.size() + " conditions are true)");
            return true;
        }
    }

    /** {@code or}: true when any condition is; stops at the first true. */
    record Or(String path, List<Expr> conditions) implements Expr {
        @Override
        public boolean eval(Scope scope) {
            for (int i = 0; i < conditions.size(); i++) {
                if (conditions.get(i).eval(scope)) {
                    scope.trace(path + " or → true (condition " + (i + 1) + " of " + conditions.size()
                            + " is true" + (i + 1 < conditions.size() ? "; the rest were not evaluated)" : ")"));
                    return true;
                }
            }
            scope.trace(path + " or → false (all " + conditions.size() + " conditions are false)");
            return false;
        }
    }

    record Not(String path, Expr condition) implements Expr {
        @Override
        public boolean eval(Scope scope) {
            boolean result = !condition.eval(scope);
            scope.trace(path + " not → " + result);
            return result;
        }
    }

    record Compare(String path, Ref left, CompareOp operator, Ref right) implements Expr {
        @Override
        public boolean eval(Scope scope) {
            JsonNode l = left.resolve(scope);
            JsonNode r = right.resolve(scope);
            boolean result = Values.compare(operator, l, r);
            if (scope.tracing()) {
                // a value compared with a secret may be (part of) it: hide both sides
                boolean redact = left.secret() || right.secret();
                scope.trace(path + " compare " + left.describe() + " = " + Scope.show(l, redact) + " "
                        + operator.dslName() + " " + right.describe() + " = " + Scope.show(r, redact) + " → " + result
                        + why(l, r, result));
            }
            return result;
        }

        private String why(JsonNode l, JsonNode r, boolean result) {
            if (result) {
                return "";
            }
            if (l == null || r == null) {
                return " (absent value)";
            }
            if (!Values.sameKind(l, r) && !(operator == CompareOp.CONTAINS && l.isArray())) {
                return " (" + Values.kindName(l) + " vs " + Values.kindName(r) + ": different types never compare)";
            }
            return "";
        }
    }

    /** {@code exists}: the value is present and not null. */
    record Exists(String path, Ref ref) implements Expr {
        @Override
        public boolean eval(Scope scope) {
            JsonNode value = ref.resolve(scope);
            boolean result = value != null && !value.isNull();
            scope.trace(path + " exists " + ref.describe() + " → " + result
                    + (value == null ? " (absent)" : value.isNull() ? " (null)" : ""));
            return result;
        }
    }

    /** {@code matches}: a string in which the (pre-compiled) pattern is found; anything else is false. */
    record Matches(String path, Ref ref, Pattern pattern) implements Expr {
        @Override
        public boolean eval(Scope scope) {
            JsonNode value = ref.resolve(scope);
            boolean result = value != null && value.isTextual() && scope.regex().find(pattern, value.textValue(), path, ref.secret());
            // a pattern tested against a secret may spell it out
            scope.trace(path + " matches /" + (ref.secret() ? "<hidden>" : pattern.pattern()) + "/ " + ref.describe() + " = "
                    + Scope.show(value, ref.secret()) + " → " + result
                    + (value != null && !value.isTextual() ? " (" + Values.kindName(value) + ", not a string)" : ""));
            return result;
        }
    }

    /** {@code in}: the value equals one of the listed values (same type, deep equality). */
    record In(String path, Ref ref, List<JsonNode> values) implements Expr {
        @Override
        public boolean eval(Scope scope) {
            JsonNode value = ref.resolve(scope);
            boolean result = false;
            if (value != null) {
                for (JsonNode candidate : values) {
                    if (Values.equal(value, candidate)) {
                        result = true;
                        break;
                    }
                }
            }
            scope.trace(path + " in (" + values.size() + " values) " + ref.describe() + " = "
                    + Scope.show(value, ref.secret()) + " → " + result);
            return result;
        }
    }

    /** {@code custom}: a plugin's condition, with resolved args (never secrets: the parser refuses them). */
    record Custom(String path, String pluginId, String functionName, List<Ref> args) implements Expr {
        @Override
        public boolean eval(Scope scope) {
            List<Object> values = new ArrayList<>(args.size());
            for (Ref arg : args) {
                values.add(JsonTrees.toJava(arg.resolve(scope)));
            }
            boolean result = scope.custom(pluginId, functionName, java.util.Collections.unmodifiableList(values), path);
            scope.trace(path + " custom " + pluginId + "/" + functionName + " (" + args.size() + " args) → " + result);
            return result;
        }
    }
}
