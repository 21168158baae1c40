package io.devrig.condition.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.devrig.common.path.DataPath;

/**
 * A value ref of the DSL, compiled. {@link #resolve} returns the value as a JSON tree,
 * or null when it is absent (a path that leads nowhere, an unset variable, an unknown
 * secret or node).
 */
sealed interface Ref {

    JsonNode resolve(Scope scope);

    /** Where the value comes from, for traces; never the value itself. */
    String describe();

    /** Whether the value is, or derives from, a secret: then it is never shown. */
    boolean secret();

    /** {@code {"type":"literal","value":...}}: the value as written. */
    record Literal(JsonNode value) implements Ref {
        @Override
        public JsonNode resolve(Scope scope) {
            return value;
        }

        @Override
        public String describe() {
            return "literal";
        }

        @Override
        public boolean secret() {
            return false;
        }
    }

    /** {@code {"type":"context","path":"trigger.payload.state"}}: from the run context. */
    record Context(DataPath path) implements Ref {
        @Override
        public JsonNode resolve(Scope scope) {
            JsonNode run = scope.run();
            return run == null ? null : path.get(run);
        }

        @Override
        public String describe() {
            return "context(" + path + ")";
        }

        @Override
        public boolean secret() {
            return false;
        }
    }

    /** {@code {"type":"env","key":"CI"}}: from the allow-listed environment, always a string. */
    record Env(String key) implements Ref {
        @Override
        public JsonNode resolve(Scope scope) {
            String value = scope.env(key);
            return value == null ? null : TextNode.valueOf(value);
        }

        @Override
        public String describe() {
            return "env(" + key + ")";
        }

        @Override
        public boolean secret() {
            return false;
        }
    }

    /** {@code {"type":"node","nodeId":"fetch","path":"items[0]"}}: from a node's output. */
    record Node(String nodeId, DataPath path) implements Ref {
        @Override
        public JsonNode resolve(Scope scope) {
            JsonNode output = scope.nodeOutput(nodeId);
            return output == null ? null : path.get(output);
        }

        @Override
        public String describe() {
            return "node(" + nodeId + (path.isRoot() ? "" : ", " + path) + ")";
        }

        @Override
        public boolean secret() {
            return false;
        }
    }

    /** {@code {"type":"secret","key":"github.token"}}: looked up only when evaluated, never shown. */
    record Secret(String key, String where) implements Ref {
        @Override
        public JsonNode resolve(Scope scope) {
            String value = scope.secret(key, where);
            return value == null ? null : TextNode.valueOf(value);
        }

        @Override
        public String describe() {
            return "secret(" + key + ")";
        }

        @Override
        public boolean secret() {
            return true;
        }
    }

    /** {@code {"type":"cast","to":"number","ref":{...}}}: an explicit conversion. */
    record Cast(CastType to, Ref ref, String where) implements Ref {
        @Override
        public JsonNode resolve(Scope scope) {
            return to.apply(ref.resolve(scope), ref.secret(), where);
        }

        @Override
        public String describe() {
            return "cast(" + to.dslName() + ", " + ref.describe() + ")";
        }

        @Override
        public boolean secret() {
            return ref.secret();
        }
    }
}
