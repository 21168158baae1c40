package io.devrig.action.data.internal;

import static io.devrig.action.data.internal.TestSupport.CONDITIONS;
import static io.devrig.action.data.internal.TestSupport.CONTEXT;
import static io.devrig.testing.DevRigAssertions.devrigError;
import static io.devrig.testing.TestJson.plain;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.condition.ConditionErrors;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterActionTest {

    static final String ISSUES = """
            [{"id": 1, "status": "open", "labels": ["bug"], "points": 3},
             {"id": 2, "status": "closed", "labels": ["bug", "urgent"], "points": 8},
             {"id": 3, "status": "open", "labels": [], "points": "5"},
             {"id": 4, "status": "open", "labels": ["urgent"], "points": 13},
             {"id": 5, "labels": ["urgent"]}]""";

    static final String OPEN = """
            {"type": "compare", "left": {"type": "context", "path": "item.status"},
             "operator": "eq", "right": {"type": "literal", "value": "open"}}""";

    final FilterAction action = new FilterAction(CONDITIONS);

    @SuppressWarnings("unchecked")
    Map<String, Object> run(Object items, String condition, String as) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("items", items);
        in.put("condition", plain(condition));
        if (as != null) {
            in.put("as", as);
        }
        return (Map<String, Object>) action.execute(in, CONTEXT);
    }

    Map<String, Object> run(String condition) {
        return run(plain(ISSUES), condition, null);
    }

    static List<Object> ids(Map<String, Object> out) {
        List<Object> ids = new ArrayList<>();
        for (Object item : (List<?>) out.get("items")) {
            ids.add(((Map<?, ?>) item).get("id"));
        }
        return ids;
    }

    @Test
    void keepsTheElementsForWhichTheConditionHolds() {
        Map<String, Object> out = run(OPEN);
        assertThat(ids(out)).containsExactly(1, 3, 4);
        assertThat(out).containsEntry("count", 3).containsEntry("rejected", 2);
        assertThat(out.keySet()).containsExactly("items", "count", "rejected");
    }

    @Test
    void keptElementsAreTheOriginalsInOrder() {
        List<?> items = (List<?>) plain(ISSUES);
        Map<String, Object> out = run(items, OPEN, null);
        List<?> kept = (List<?>) out.get("items");
        assertThat(kept.get(0)).isSameAs(items.get(0));
        assertThat(kept.get(2)).isSameAs(items.get(3));
    }

    @Test
    void andOrAndNot() {
        String openAndUrgent = """
                {"type": "and", "conditions": [%s,
                  {"type": "compare", "left": {"type": "context", "path": "item.labels"},
                   "operator": "contains", "right": {"type": "literal", "value": "urgent"}}]}""".formatted(OPEN);
        assertThat(ids(run(openAndUrgent))).containsExactly(4);

        String bigOrClosed = """
                {"type": "or", "conditions": [
                  {"type": "compare", "left": {"type": "context", "path": "item.points"},
                   "operator": "gte", "right": {"type": "literal", "value": 8}},
                  {"type": "compare", "left": {"type": "context", "path": "item.status"},
                   "operator": "eq", "right": {"type": "literal", "value": "closed"}}]}""";
        assertThat(ids(run(bigOrClosed))).containsExactly(2, 4);

        // not(eq open): true for closed and for the element without a status (absent)
        assertThat(ids(run("{\"type\": \"not\", \"condition\": " + OPEN + "}"))).containsExactly(2, 5);
    }

    @Test
    void typingIsStrict() {
        // element 3 has points "5" (a string): never equal to 5, never greater than 4
        assertThat(ids(run("""
                {"type": "compare", "left": {"type": "context", "path": "item.points"},
                 "operator": "eq", "right": {"type": "literal", "value": 5}}"""))).isEmpty();
        assertThat(ids(run("""
                {"type": "compare", "left": {"type": "context", "path": "item.points"},
                 "operator": "gt", "right": {"type": "literal", "value": 4}}"""))).containsExactly(2, 4);
        // an explicit cast is the only conversion
        assertThat(ids(run("""
                {"type": "compare", "left": {"type": "cast", "to": "number",
                   "ref": {"type": "context", "path": "item.points"}},
                 "operator": "eq", "right": {"type": "literal", "value": 5}}"""))).containsExactly(3);
    }

    @Test
    void existsAndIn() {
        assertThat(ids(run("{\"type\": \"exists\", \"ref\": {\"type\": \"context\", \"path\": \"item.status\"}}")))
                .containsExactly(1, 2, 3, 4);
        assertThat(ids(run("""
                {"type": "in", "ref": {"type": "context", "path": "item.id"}, "values": [2, 5, 9]}""")))
                .containsExactly(2, 5);
    }

    @Test
    void theIndexIsInTheContext() {
        assertThat(ids(run("""
                {"type": "compare", "left": {"type": "context", "path": "index"},
                 "operator": "lt", "right": {"type": "literal", "value": 2}}"""))).containsExactly(1, 2);
    }

    @Test
    void asRenamesTheElement() {
        String condition = """
                {"type": "compare", "left": {"type": "context", "path": "issue.status"},
                 "operator": "eq", "right": {"type": "literal", "value": "closed"}}""";
        assertThat(ids(run(plain(ISSUES), condition, "issue"))).containsExactly(2);
        // under another name, 'item' is absent: nothing compares
        assertThat(ids(run(plain(ISSUES), OPEN, "issue"))).isEmpty();
    }

    @Test
    void scalarElementsAndDecimals() {
        Map<String, Object> out = run(plain("[1, 2.5, 3, \"4\", null, 10]"), """
                {"type": "compare", "left": {"type": "context", "path": "item"},
                 "operator": "gt", "right": {"type": "literal", "value": 2.5}}""", null);
        assertThat(out.get("items")).isEqualTo(List.of(3, 10));
        assertThat(out).containsEntry("count", 2).containsEntry("rejected", 4);
        Map<String, Object> exact = run(TestJson.value("[0.1, 0.3]"), """
                {"type": "compare", "left": {"type": "context", "path": "item"},
                 "operator": "eq", "right": {"type": "literal", "value": 0.3}}""", null);
        assertThat(exact).containsEntry("count", 1);
    }

    @Test
    void noItemsNoneKept() {
        assertThat(run(List.of(), OPEN, null)).isEqualTo(Map.of("items", List.of(), "count", 0, "rejected", 0));
    }

    @Test
    void anInvalidConditionNamesItsPathInsideTheInput() {
        DevRigException e = devrigError(() -> run("""
                {"type": "and", "conditions": [%s,
                  {"type": "compare", "left": {"type": "context", "path": "item.x"},
                   "operator": "equals", "right": {"type": "literal", "value": 1}}]}""".formatted(OPEN)));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.error().message()).startsWith("invalid condition: $.condition.conditions[1].operator: unknown operator 'equals'");
        assertThat((List<?>) e.error().details().get("problems")).singleElement().asString()
                .startsWith("$.condition.conditions[1].operator: ");
        assertThat(e.error().details()).containsEntry("path", "$.condition");
    }

    @Test
    void aFailingEvaluationNamesTheElement() {
        List<Object> items = new ArrayList<>();
        items.add("short");
        items.add("a".repeat(5000) + "!");
        DevRigException e = devrigError(() -> run(items, """
                {"type": "matches", "ref": {"type": "context", "path": "item"}, "pattern": "(a+)+$"}""", null));
        assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_REGEX_LIMIT);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.error().message()).startsWith("$.items[1]: the condition failed on element 1: ");
        assertThat(e.error().details()).containsEntry("index", 1).containsEntry("path", "$.items[1]");

        DevRigException cast = devrigError(() -> run(plain("[\"1\", \"2\", \"many\"]"), """
                {"type": "compare", "left": {"type": "cast", "to": "number", "ref": {"type": "context", "path": "item"}},
                 "operator": "gt", "right": {"type": "literal", "value": 0}}""", null));
        assertThat(cast.code()).isEqualTo(ConditionErrors.CONDITION_CAST_FAILED);
        assertThat(cast.error().message()).startsWith("$.items[2]: the condition failed on element 2: ");
    }

    @Test
    void aCustomConditionWithoutPluginFailsRetryably() {
        DevRigException e = devrigError(() -> run("""
                {"type": "custom", "pluginId": "acme", "functionName": "acme.nope"}"""));
        assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_CUSTOM_NOT_FOUND);
        assertThat(e.retryable()).isTrue();
        assertThat(e.error().message()).startsWith("$.items[0]: ");
    }

    @Test
    void badInputShapes() {
        assertThat(devrigError(() -> run(plain("{}"), OPEN, null)).error().message())
                .isEqualTo("$.items: must be an array, found object");
        assertThat(devrigError(() -> action.execute(Map.of("items", List.of(), "condition", "{}"), CONTEXT))
                .error().message()).isEqualTo("$.condition: must be a condition object, found string");
        assertThat(devrigError(() -> action.execute(Map.of("items", List.of()), CONTEXT)).error().message())
                .isEqualTo("$.condition: is required");
        assertThat(devrigError(() -> action.execute(Map.of("condition", Map.of()), CONTEXT)).error().message())
                .isEqualTo("$.items: is required");
        assertThat(devrigError(() -> action.execute(Map.of("items", List.of(), "condition", plain(OPEN), "where", 1),
                CONTEXT)).error().message()).isEqualTo("$.where: unknown field (allowed: as, condition, items)");
        assertThat(devrigError(() -> run(plain(ISSUES), OPEN, "index")).error().message())
                .isEqualTo("$.as: 'index' is taken by the element's position");
        assertThat(devrigError(() -> run(plain(ISSUES), OPEN, "1st")).error().message())
                .startsWith("$.as: must be a name of letters, digits and '_'");
        assertThat(devrigError(() -> run(List.of(1, Map.of("x", Float.POSITIVE_INFINITY)), OPEN, null))
                .error().message()).isEqualTo("$.items[1].x: number Infinity is not JSON (only finite numbers are)");
    }

    @Test
    void theArrayLimit() {
        String even = """
                {"type": "in", "ref": {"type": "context", "path": "item"}, "values": [0, 99999]}""";
        Map<String, Object> out = run(TestSupport.range(Inputs.MAX_ARRAY_ELEMENTS), even, null);
        assertThat(out).containsEntry("count", 2).containsEntry("rejected", Inputs.MAX_ARRAY_ELEMENTS - 2);
        DevRigException e = devrigError(() -> run(TestSupport.range(Inputs.MAX_ARRAY_ELEMENTS + 1), even, null));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.error().message()).isEqualTo("$.items: array of 100001 elements; at most 100000 are allowed");
    }

    @Test
    void cancellationStopsTheLoop() {
        TestActionContext cancelled = new TestActionContext();
        cancelled.cancel();
        DevRigException e = devrigError(() -> action.execute(
                Map.of("items", plain(ISSUES), "condition", plain(OPEN)), cancelled));
        assertThat(e.code()).isEqualTo(ErrorCodes.CANCELLED);
        assertThat(e.category()).isEqualTo(ErrorCategory.CANCELLED);
    }
}
