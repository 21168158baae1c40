package io.devrig.flow.internal;

import io.devrig.api.condition.ConditionEngine;
import io.devrig.api.flow.NodeHandle;
import io.devrig.api.flow.NodeType;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowEdge;
import io.devrig.api.flow.WorkflowNode;
import io.devrig.api.flow.WorkflowSettings;
import io.devrig.api.template.TemplateEngine;
import io.devrig.common.json.JsonPathText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Validates a workflow definition for saving (seed architecture §5.2, §7.3). Every
 * problem is reported with the JSON path of the definition it belongs to:
 * <ul>
 * <li>cycles, each named ({@code $.edges: cycle: a -> b -> c -> a});</li>
 * <li>edges to or from unknown nodes, and from or to handles the node type does not
 *     declare ({@link NodeType#sourceHandles()}, {@link NodeType#targetHandles()});</li>
 * <li>action types no plugin provides, unless saving a draft: then they are listed in
 *     {@link ValidationReport#missingActionTypes()} only;</li>
 * <li>condition expressions (entry conditions, condition nodes, edges) that the
 *     {@link ConditionEngine} does not compile, its problems re-rooted under the
 *     expression's path;</li>
 * <li>strings of a node's {@code config} containing <code>{{</code> that the
 *     {@link TemplateEngine} does not compile;</li>
 * <li>settings, retry policies and node timeouts out of range.</li>
 * </ul>
 * Warnings: nodes with no edges in a workflow of several nodes, and condition-node
 * branches that lead nowhere.
 */
public final class DefinitionValidator {

    static final int MAX_CONCURRENT_RUNS = 1000;
    static final long MIN_TIMEOUT_MS = 1000;
    static final long MAX_TIMEOUT_MS = 86_400_000L;
    static final int MAX_ATTEMPTS = 10;
    static final long MAX_DELAY_MS = 3_600_000L;

    private final ConditionEngine conditions;
    private final TemplateEngine templates;

    public DefinitionValidator(ConditionEngine conditions, TemplateEngine templates) {
        this.conditions = Objects.requireNonNull(conditions, "conditions");
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    public ValidationReport validate(WorkflowDefinition def, boolean draft, Predicate<String> knownActionTypes) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();

        for (int i = 0; i < def.entryConditions().size(); i++) {
            condition(def.entryConditions().get(i), "$.entryConditions[" + i + "]", errors);
        }
        Map<String, WorkflowNode> byId = new LinkedHashMap<>();
        for (int i = 0; i < def.nodes().size(); i++) {
            WorkflowNode n = def.nodes().get(i);
            String path = "$.nodes[" + i + "]";
            if (byId.putIfAbsent(n.id(), n) != null) {
                errors.add(path + ".id: duplicate node id '" + n.id() + "'");
            }
            if (n.type() == NodeType.ACTION && n.actionType() != null && !knownActionTypes.test(n.actionType())) {
                missing.add(n.actionType());
                if (!draft) {
                    errors.add(path + ".actionType: unknown action type '" + n.actionType() + "'");
                }
            }
            if (n.condition() != null) {
                condition(n.condition(), path + ".condition", errors);
            }
            templates(n.config(), path + ".config", errors);
            if (n.retryPolicy() != null) {
                retry(n.retryPolicy(), path + ".retryPolicy", errors);
            }
            if (n.timeoutMs() != null && (n.timeoutMs() < MIN_TIMEOUT_MS || n.timeoutMs() > MAX_TIMEOUT_MS)) {
                errors.add(path + ".timeoutMs: " + n.timeoutMs() + " is out of range (" + MIN_TIMEOUT_MS + " to "
                        + MAX_TIMEOUT_MS + ")");
            }
            for (int h = 0; h < n.handles().size(); h++) {
                NodeHandle handle = n.handles().get(h);
                if (n.type() != null && !n.type().sourceHandles().contains(handle.id())
                        && !n.type().targetHandles().contains(handle.id())) {
                    errors.add(path + ".handles[" + h + "].id: a " + n.type().json() + " node has no handle '"
                            + handle.id() + "' (handles: " + handles(n.type()) + ")");
                }
            }
        }

        Map<String, List<String>> out = new LinkedHashMap<>();
        Set<String> connected = new HashSet<>();
        Map<String, Set<String>> usedBranches = new HashMap<>();
        Set<String> edgeIds = new HashSet<>();
        for (int i = 0; i < def.edges().size(); i++) {
            WorkflowEdge e = def.edges().get(i);
            String path = "$.edges[" + i + "]";
            if (!edgeIds.add(e.id())) {
                errors.add(path + ".id: duplicate edge id '" + e.id() + "'");
            }
            WorkflowNode source = byId.get(e.source());
            WorkflowNode target = byId.get(e.target());
            if (source == null) {
                errors.add(path + ".source: unknown node '" + e.source() + "'");
            }
            if (target == null) {
                errors.add(path + ".target: unknown node '" + e.target() + "'");
            }
            if (source != null && source.type() != null) {
                String handle = e.sourceHandle() == null ? NodeType.DEFAULT_HANDLE : e.sourceHandle();
                if (!source.type().sourceHandles().contains(handle)) {
                    errors.add(path + ".sourceHandle: " + (e.sourceHandle() == null ? "missing; " : "")
                            + "a " + source.type().json() + " node '" + source.id() + "' has no source handle '"
                            + handle + "' (source handles: " + String.join(", ", source.type().sourceHandles()) + ")");
                } else {
                    usedBranches.computeIfAbsent(source.id(), k -> new HashSet<>()).add(handle);
                }
            }
            if (target != null && target.type() != null) {
                String handle = e.targetHandle() == null ? NodeType.DEFAULT_HANDLE : e.targetHandle();
                if (!target.type().targetHandles().contains(handle)) {
                    errors.add(path + ".targetHandle: a " + target.type().json() + " node '" + target.id()
                            + "' has no target handle '" + handle + "' (target handles: "
                            + String.join(", ", target.type().targetHandles()) + ")");
                }
            }
            if (e.condition() != null) {
                condition(e.condition(), path + ".condition", errors);
            }
            if (source != null && target != null) {
                out.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e.target());
                connected.add(e.source());
                connected.add(e.target());
            }
        }
        for (String cycle : cycles(byId.keySet(), out)) {
            errors.add("$.edges: cycle: " + cycle);
        }

        settings(def.settings(), errors);

        for (int i = 0; i < def.nodes().size(); i++) {
            WorkflowNode n = def.nodes().get(i);
            if (def.nodes().size() > 1 && !connected.contains(n.id())) {
                warnings.add("$.nodes[" + i + "]: node '" + n.id() + "' has no edges");
            }
            if (n.type() == NodeType.CONDITION && connected.contains(n.id())) {
                for (String branch : n.type().sourceHandles()) {
                    if (!usedBranches.getOrDefault(n.id(), Set.of()).contains(branch)) {
                        warnings.add("$.nodes[" + i + "]: the '" + branch + "' branch of condition node '" + n.id()
                                + "' leads nowhere");
                    }
                }
            }
        }
        return new ValidationReport(errors, warnings, new ArrayList<>(missing));
    }

    private static String handles(NodeType type) {
        Set<String> all = new LinkedHashSet<>(type.sourceHandles());
        all.addAll(type.targetHandles());
        return String.join(", ", all);
    }

    private void condition(Object expression, String path, List<String> errors) {
        for (String p : conditions.validate(expression)) {
            errors.add(reroot(p, path));
        }
    }

    /** {@code $.x: msg} under {@code path} becomes {@code path.x: msg}; other messages get {@code path: } in front. */
    static String reroot(String problem, String path) {
        if (problem.startsWith("$")) {
            return path + problem.substring(1);
        }
        return path + ": " + problem;
    }

    private void templates(Object value, String path, List<String> errors) {
        if (value instanceof String s) {
            if (s.contains("{{")) {
                for (String p : templates.validate(s)) {
                    errors.add(path + ": " + p);
                }
            }
        } else if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                templates(e.getValue(), JsonPathText.key(path, String.valueOf(e.getKey())), errors);
            }
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                templates(l.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static void settings(WorkflowSettings s, List<String> errors) {
        if (s.maxConcurrentRuns() < 1 || s.maxConcurrentRuns() > MAX_CONCURRENT_RUNS) {
            errors.add("$.settings.maxConcurrentRuns: " + s.maxConcurrentRuns() + " is out of range (1 to "
                    + MAX_CONCURRENT_RUNS + ")");
        }
        if (s.timeoutMs() < MIN_TIMEOUT_MS || s.timeoutMs() > MAX_TIMEOUT_MS) {
            errors.add("$.settings.timeoutMs: " + s.timeoutMs() + " is out of range (" + MIN_TIMEOUT_MS + " to "
                    + MAX_TIMEOUT_MS + ")");
        }
        if (s.errorHandling() == null) {
            errors.add("$.settings.errorHandling: required");
        }
        if (s.executionMode() == null) {
            errors.add("$.settings.executionMode: required");
        }
        if (s.retryPolicy() == null) {
            errors.add("$.settings.retryPolicy: required");
        } else {
            retry(s.retryPolicy(), "$.settings.retryPolicy", errors);
        }
    }

    /** Retry ranges of a definition built in code (a parsed one has passed the same ranges in the schema). */
    private static void retry(RetryPolicy r, String path, List<String> errors) {
        if (r.maxAttempts() < 1 || r.maxAttempts() > MAX_ATTEMPTS) {
            errors.add(path + ".maxAttempts: " + r.maxAttempts() + " is out of range (1 to " + MAX_ATTEMPTS + ")");
        }
        if (r.baseDelayMs() < 0 || r.baseDelayMs() > MAX_DELAY_MS) {
            errors.add(path + ".baseDelayMs: " + r.baseDelayMs() + " is out of range (0 to " + MAX_DELAY_MS + ")");
        }
        if (r.maxDelayMs() < r.baseDelayMs() || r.maxDelayMs() > MAX_DELAY_MS) {
            errors.add(path + ".maxDelayMs: " + r.maxDelayMs() + " is out of range (baseDelayMs to " + MAX_DELAY_MS + ")");
        }
    }

    /**
     * The cycles an iterative depth-first search finds, each named from its first node
     * back to it ({@code a -> b -> a}); every node lies on at most one reported cycle's
     * back edge, so a graph of many cycles yields at least one name per strongly
     * connected tangle, in a deterministic order (definition order).
     */
    static List<String> cycles(Set<String> nodes, Map<String, List<String>> out) {
        List<String> found = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>(); // 1 on stack, 2 done
        for (String start : nodes) {
            if (state.containsKey(start)) {
                continue;
            }
            List<String> stack = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            stack.add(start);
            next.add(0);
            state.put(start, 1);
            while (!stack.isEmpty()) {
                int top = stack.size() - 1;
                String node = stack.get(top);
                List<String> succ = out.getOrDefault(node, List.of());
                int i = next.get(top);
                if (i < succ.size()) {
                    next.set(top, i + 1);
                    String s = succ.get(i);
                    Integer st = state.get(s);
                    if (st == null) {
                        state.put(s, 1);
                        stack.add(s);
                        next.add(0);
                    } else if (st == 1) {
                        List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(s), stack.size()));
                        cycle.add(s);
                        found.add(String.join(" -> ", cycle));
                    }
                } else {
                    state.put(node, 2);
                    stack.remove(top);
                    next.remove(top);
                }
            }
        }
        return found;
    }
}
