package io.devrig.template.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.template.TemplateErrors;
import io.devrig.api.template.TemplateOptions;
import java.util.List;
import java.util.Map;

/**
 * One rendering of a compiled template: the output so far and the iteration count. Used
 * by one thread and thrown away, which is what makes a {@link Template} safe to share.
 *
 * <p>Recursion is bounded: blocks and helper calls by the parser's limits, data by
 * {@link Values#MAX_DATA_DEPTH}.
 */
final class Renderer {


    /**
     * The context of a block: the root, or one {@code {{#each}}} iteration.
     *
     * @param key field name, or null when iterating an array
     */
    private record Scope(JsonNode value, Scope parent, int index, String key, boolean first, boolean last) {
    }

    private final SourceText source;
    private final boolean strict;
    private final int maxIterations;
    private final Output out;
    private final JsonNode root;
    private int iterations;

    Renderer(SourceText source, TemplateOptions options, JsonNode root) {
        this.source = source;
        this.strict = options.strict();
        this.maxIterations = options.maxIterations();
        this.out = new Output(options.maxOutputChars(), options.escaping());
        this.root = root;
    }

    String render(List<Node> nodes) {
        render(nodes, new Scope(root, null, -1, null, false, false));
        return out.toString();
    }

    private void render(List<Node> nodes, Scope scope) {
        for (Node node : nodes) {
            if (node instanceof Node.Text t) {
                out.text(t.text());
            } else if (node instanceof Node.Output o) {
                JsonNode value = value(o.expr(), scope);
                Values.write(value, out, o.escape(), describe(o.expr()));
            } else if (node instanceof Node.If i) {
                renderIf(i, scope);
            } else if (node instanceof Node.Each e) {
                renderEach(e, scope);
            }
        }
    }

    private void renderIf(Node.If node, Scope scope) {
        for (Node.Branch branch : node.branches()) {
            if (Values.truthy(test(branch.condition(), scope))) {
                render(branch.body(), scope);
                return;
            }
        }
        render(node.otherwise(), scope);
    }

    private void renderEach(Node.Each node, Scope scope) {
        JsonNode list = value(node.source(), scope);
        if (list == null || !list.isContainerNode()) {
            // a scalar, null or (lenient) missing value: nothing to iterate
            return;
        }
        int size = list.size();
        if (list.isArray()) {
            for (int i = 0; i < size; i++) {
                count(node);
                render(node.body(), new Scope(list.get(i), scope, i, null, i == 0, i == size - 1));
            }
        } else {
            int i = 0;
            for (Map.Entry<String, JsonNode> field : list.properties()) {
                count(node);
                render(node.body(), new Scope(field.getValue(), scope, i, field.getKey(), i == 0, i == size - 1));
                i++;
            }
        }
    }

    private void count(Node.Each node) {
        if (++iterations > maxIterations) {
            throw error(TemplateErrors.TEMPLATE_TOO_MANY_ITERATIONS, node.offset(), "more than " + maxIterations
                    + " {{#each}} iterations in one render (maxIterations)", TemplateErrors.LIMIT, maxIterations);
        }
    }

    /** A value that is inserted or iterated: missing is an error in strict mode. */
    private JsonNode value(Expr expr, Scope scope) {
        JsonNode v = test(expr, scope);
        if (v == null && strict && expr instanceof Expr.Path p) {
            throw error(TemplateErrors.TEMPLATE_MISSING_VALUE, p.offset(), "'" + p.text()
                    + "' is missing from the data (strict mode)", TemplateErrors.PATH, p.text());
        }
        return v;
    }

    /** A value as a test or helper argument sees it: missing is null (Java null here). */
    private JsonNode test(Expr expr, Scope scope) {
        if (expr instanceof Expr.Literal l) {
            return l.value();
        }
        if (expr instanceof Expr.Path p) {
            return resolve(p, scope);
        }
        Expr.Call call = (Expr.Call) expr;
        List<Expr> args = call.args();
        boolean result = switch (call.helper()) {
            case EQ -> Values.equal(test(args.get(0), scope), test(args.get(1), scope));
            case NEQ -> !Values.equal(test(args.get(0), scope), test(args.get(1), scope));
            case GT -> order(args, scope) > 0;
            case LT -> order(args, scope) < 0;
            case NOT -> !Values.truthy(test(args.get(0), scope));
            case AND -> args.stream().allMatch(a -> Values.truthy(test(a, scope)));
            case OR -> args.stream().anyMatch(a -> Values.truthy(test(a, scope)));
        };
        return BooleanNode.valueOf(result);
    }

    /** -1, 0 or 1; 0 also when the two cannot be ordered, so that neither gt nor lt holds. */
    private int order(List<Expr> args, Scope scope) {
        Integer c = Values.compare(test(args.get(0), scope), test(args.get(1), scope));
        return c == null ? 0 : c;
    }

    /** Follows a path: each step is an object field or an array index, nothing else. Null when missing. */
    private JsonNode resolve(Expr.Path path, Scope scope) {
        JsonNode node;
        switch (path.start()) {
            case ROOT -> node = root;
            case INDEX -> {
                return IntNode.valueOf(scope.index());
            }
            case KEY -> {
                return scope.key() != null ? TextNode.valueOf(scope.key()) : IntNode.valueOf(scope.index());
            }
            case FIRST -> {
                return BooleanNode.valueOf(scope.first());
            }
            case LAST -> {
                return BooleanNode.valueOf(scope.last());
            }
            default -> {
                Scope s = scope;
                for (int i = 0; i < path.parents(); i++) {
                    s = s.parent();
                }
                node = s.value();
            }
        }
        return node == null ? null : path.path().get(node);
    }

    private static String describe(Expr expr) {
        return expr instanceof Expr.Path p ? p.text() : "(value)";
    }

    private DevRigException error(String code, int offset, String message, String detail, Object value) {
        String where = source.where(offset);
        return new DevRigException(DevRigError.of(code, ErrorCategory.PERMANENT, where + ": " + message)
                .withDetails(Map.of(TemplateErrors.LINE, source.line(offset), TemplateErrors.COLUMN,
                        source.column(offset), detail, value)));
    }
}
