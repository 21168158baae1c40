package io.devrig.condition.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.condition.CompiledCondition;
import io.devrig.api.condition.ConditionEngine;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.common.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The engine, plain Java: the DS component wraps it with the plugins' whiteboard. */
public final class ConditionEngineImpl implements ConditionEngine {

    /** How many problems the exception message lists; its details hold them all. */
    private static final int MAX_PROBLEMS_IN_MESSAGE = 20;

    private final Limits limits;
    private final RegexGuard regex;
    private final CustomConditions customs;

    ConditionEngineImpl(Limits limits, CustomConditions customs) {
        this.limits = limits;
        this.regex = new RegexGuard(limits);
        this.customs = customs;
    }

    /** An engine without plugin conditions (custom expressions need a caller in the context). */
    public ConditionEngineImpl() {
        this(Limits.DEFAULTS, CustomConditions.NONE);
    }

    RegexGuard regex() {
        return regex;
    }

    @Override
    public CompiledCondition compile(String json) {
        return compile(read(json));
    }

    @Override
    public CompiledCondition compile(Object expression) {
        if (expression instanceof String json) {
            return compile(json);
        }
        return compile(tree(expression));
    }

    @Override
    public List<String> validate(String json) {
        Read read = read(json);
        return read.problem != null ? List.of(read.problem) : ConditionParser.parse(read.tree, limits, regex).problems();
    }

    @Override
    public List<String> validate(Object expression) {
        if (expression instanceof String json) {
            return validate(json);
        }
        Read read = tree(expression);
        return read.problem != null ? List.of(read.problem) : ConditionParser.parse(read.tree, limits, regex).problems();
    }

    private CompiledCondition compile(Read read) {
        if (read.problem != null) {
            throw invalid(List.of(read.problem));
        }
        ConditionParser.Parsed parsed = ConditionParser.parse(read.tree, limits, regex);
        if (!parsed.problems().isEmpty()) {
            throw invalid(parsed.problems());
        }
        return new CompiledConditionImpl(parsed.expression(), read.tree.toString(), parsed.references(), regex,
                customs);
    }

    /** A tree, or the one problem that kept the input from being one. */
    private record Read(JsonNode tree, String problem) {
    }

    private static Read read(String json) {
        if (json == null || json.isBlank()) {
            return new Read(null, "$: an expression is required");
        }
        try {
            return new Read(Json.MAPPER.readTree(json), null);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return new Read(null, "$: not valid JSON: " + e.getOriginalMessage() + where);
        }
    }

    private static Read tree(Object expression) {
        if (expression == null) {
            return new Read(null, "$: an expression is required");
        }
        try {
            return new Read(Scope.tree(expression, "the expression"), null);
        } catch (DevRigException e) {
            return new Read(null, "$: " + e.error().message());
        }
    }

    private static DevRigException invalid(List<String> problems) {
        List<String> shown = problems.size() <= MAX_PROBLEMS_IN_MESSAGE ? problems
                : problems.subList(0, MAX_PROBLEMS_IN_MESSAGE);
        String message = "invalid condition: " + problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + String.join("; ", shown) + (shown.size() < problems.size() ? "; …" : "");
        return new DevRigException(new DevRigError(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, message,
                Map.of("problems", List.copyOf(problems)), false, null, null, Instant.now()));
    }
}
