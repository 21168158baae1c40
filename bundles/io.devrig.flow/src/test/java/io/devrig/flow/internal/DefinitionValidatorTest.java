package io.devrig.flow.internal;

import static io.devrig.flow.internal.Fixtures.CODEC;
import static io.devrig.flow.internal.Fixtures.FULL;
import static io.devrig.flow.internal.Fixtures.OPEN;
import static io.devrig.flow.internal.Fixtures.VALIDATOR;
import static io.devrig.flow.internal.Fixtures.action;
import static io.devrig.flow.internal.Fixtures.def;
import static io.devrig.flow.internal.Fixtures.edge;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowDefinition;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class DefinitionValidatorTest {

    private static final Predicate<String> KNOWN = Set.of("t", "github.label")::contains;

    private static ValidationReport validate(String json) {
        return VALIDATOR.validate(CODEC.parse(json), false, KNOWN);
    }

    private static String nodes(String... ids) {
        StringBuilder b = new StringBuilder("[");
        for (String id : ids) {
            b.append(b.length() > 1 ? "," : "").append(action(id, "t"));
        }
        return b.append(']').toString();
    }

    @Test
    void theFullExampleIsValid() {
        ValidationReport r = validate(FULL);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.missingActionTypes()).isEmpty();
        assertThat(r.valid()).isTrue();
    }

    @Test
    void namesTheCycle() {
        ValidationReport r = validate(def(nodes("a", "b", "c", "d"),
                "[" + edge("e1", "a", "b") + "," + edge("e2", "b", "c") + "," + edge("e3", "c", "a") + ","
                        + edge("e4", "c", "d") + "]"));
        assertThat(r.errors()).containsExactly("$.edges: cycle: a -> b -> c -> a");
    }

    @Test
    void namesASelfLoopAndSeparateCycles() {
        ValidationReport r = validate(def(nodes("a", "b", "c", "d"),
                "[" + edge("e1", "a", "a") + "," + edge("e2", "b", "c") + "," + edge("e3", "c", "d") + ","
                        + edge("e4", "d", "c") + "]"));
        assertThat(r.errors()).containsExactly("$.edges: cycle: a -> a", "$.edges: cycle: c -> d -> c");
    }

    @Test
    void aDiamondIsNoCycle() {
        ValidationReport r = validate(def(nodes("a", "b", "c", "d"),
                "[" + edge("e1", "a", "b") + "," + edge("e2", "a", "c") + "," + edge("e3", "b", "d") + ","
                        + edge("e4", "c", "d") + "]"));
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void edgesToUnknownNodes() {
        ValidationReport r = validate(def(nodes("a"), "[" + edge("e1", "a", "zz") + "," + edge("e2", "yy", "a") + "]"));
        assertThat(r.errors()).containsExactly("$.edges[0].target: unknown node 'zz'",
                "$.edges[1].source: unknown node 'yy'");
    }

    @Test
    void conditionNodesNeedATrueOrFalseSourceHandle() {
        String cond = "{\"id\": \"c\", \"type\": \"condition\", \"condition\": " + OPEN
                + ", \"position\": {\"x\": 0, \"y\": 0}}";
        ValidationReport r = validate(def("[" + cond + "," + action("a", "t") + "," + action("b", "t") + "]",
                "[" + edge("e1", "c", "a") + ",{\"id\": \"e2\", \"source\": \"c\", \"target\": \"b\", \"sourceHandle\": \"maybe\"}]"));
        assertThat(r.errors()).containsExactly(
                "$.edges[0].sourceHandle: missing; a condition node 'c' has no source handle 'default' (source handles: true, false)",
                "$.edges[1].sourceHandle: a condition node 'c' has no source handle 'maybe' (source handles: true, false)");
    }

    @Test
    void otherNodesHaveOnlyTheDefaultHandle() {
        ValidationReport r = validate(def(nodes("a", "b"),
                "[{\"id\": \"e\", \"source\": \"a\", \"target\": \"b\", \"sourceHandle\": \"true\", \"targetHandle\": \"in2\"}]"));
        assertThat(r.errors()).containsExactly(
                "$.edges[0].sourceHandle: a action node 'a' has no source handle 'true' (source handles: default)",
                "$.edges[0].targetHandle: a action node 'b' has no target handle 'in2' (target handles: default)");
    }

    @Test
    void editorHandlesMustBeHandlesOfTheType() {
        String n = "{\"id\": \"j\", \"type\": \"junction\", \"position\": {\"x\": 0, \"y\": 0},"
                + " \"handles\": [{\"id\": \"default\"}, {\"id\": \"true\", \"side\": \"left\"}]}";
        assertThat(validate(def("[" + n + "]", "[]")).errors())
                .containsExactly("$.nodes[0].handles[1].id: a junction node has no handle 'true' (handles: default)");
    }

    @Test
    void unknownActionTypesAreErrorsWhenSaving() {
        ValidationReport r = validate(def("[" + action("a", "nope.one") + "," + action("b", "t") + "]",
                "[" + edge("e", "a", "b") + "]"));
        assertThat(r.errors()).containsExactly("$.nodes[0].actionType: unknown action type 'nope.one'");
        assertThat(r.missingActionTypes()).containsExactly("nope.one");
    }

    @Test
    void aDraftListsTheMissingActionTypesInstead() {
        WorkflowDefinition d = CODEC.parse(def("[" + action("a", "nope.one") + "," + action("b", "nope.two") + ","
                + action("c", "nope.one") + "," + action("d", "t") + "]",
                "[" + edge("e1", "a", "b") + "," + edge("e2", "b", "c") + "," + edge("e3", "c", "d") + "]"));
        ValidationReport r = VALIDATOR.validate(d, true, KNOWN);
        assertThat(r.errors()).isEmpty();
        assertThat(r.valid()).isTrue();
        assertThat(r.missingActionTypes()).containsExactly("nope.one", "nope.two");
    }

    @Test
    void aDraftStillFailsOnOtherErrors() {
        WorkflowDefinition d = CODEC.parse(def("[" + action("a", "nope") + "]", "[" + edge("e", "a", "a") + "]"));
        ValidationReport r = VALIDATOR.validate(d, true, KNOWN);
        assertThat(r.errors()).containsExactly("$.edges: cycle: a -> a");
        assertThat(r.missingActionTypes()).containsExactly("nope");
    }

    @Test
    void edgeConditionProblemsAreReportedUnderTheEdge() {
        String bad = OPEN.replace("\"eq\"", "\"equals\"");
        ValidationReport r = validate(def(nodes("a", "b"),
                "[{\"id\": \"e\", \"source\": \"a\", \"target\": \"b\", \"condition\": " + bad + "}]"));
        assertThat(r.errors()).singleElement().asString().startsWith("$.edges[0].condition.operator: ")
                .contains("equals");
    }

    @Test
    void nodeAndEntryConditionProblemsAreReportedUnderTheirPaths() {
        String json = FULL.replaceFirst("\"condition\": \\{\"type\":\"compare\"", "\"condition\": {\"type\":\"kompare\"")
                .replace("\"entryConditions\": [{\"type\":\"compare\"", "\"entryConditions\": [{\"type\":\"compare\", \"extra\": 1");
        ValidationReport r = validate(json);
        assertThat(r.errors()).hasSize(2);
        assertThat(r.errors().get(0)).startsWith("$.entryConditions[0].extra");
        assertThat(r.errors().get(1)).startsWith("$.nodes[1].condition");
    }

    @Test
    void templatesInConfigMustCompile() {
        String n = """
                {"id": "a", "type": "action", "actionType": "t", "position": {"x": 0, "y": 0},
                 "config": {"title": "ok {{x.y}}", "body": "{{#if x}}open", "nested": {"list": ["plain", "{{ }}"]},
                            "odd key": "{{#each}}{{/each}}", "n": 3}}""";
        ValidationReport r = validate(def("[" + n + "]", "[]"));
        assertThat(r.errors()).hasSize(3);
        assertThat(r.errors().get(0)).startsWith("$.nodes[0].config.body: line 1, column");
        assertThat(r.errors().get(1)).startsWith("$.nodes[0].config.nested.list[1]: line 1, column");
        assertThat(r.errors().get(2)).startsWith("$.nodes[0].config['odd key']: line 1, column");
    }

    @Test
    void settingsOutOfRange() {
        String json = def(nodes("a"), "[]").replace("\"nodes\"", """
                "settings": {"maxConcurrentRuns": 0, "timeoutMs": 5},
                "nodes\"""");
        assertThat(validate(json).errors()).containsExactly(
                "$.settings.maxConcurrentRuns: 0 is out of range (1 to 1000)",
                "$.settings.timeoutMs: 5 is out of range (1000 to 86400000)");
    }

    @Test
    void nodeTimeoutOutOfRange() {
        String n = """
                {"id": "a", "type": "action", "actionType": "t", "position": {"x": 0, "y": 0}, "timeoutMs": 100000000}""";
        assertThat(validate(def("[" + n + "]", "[]")).errors()).containsExactly(
                "$.nodes[0].timeoutMs: 100000000 is out of range (1000 to 86400000)");
    }

    @Test
    void retryNumbersOutOfRangeAreReportedWhileReading() {
        String n = """
                {"id": "a", "type": "action", "actionType": "t", "position": {"x": 0, "y": 0},
                 "retryPolicy": {"maxAttempts": 0, "strategy": "fixed", "baseDelayMs": -5, "maxDelayMs": 10}}""";
        assertThat(DefinitionCodecTest.problems(def("[" + n + "]", "[]"))).containsExactly(
                "$.nodes[0].retryPolicy.maxAttempts: 0 is out of range (at least 1)",
                "$.nodes[0].retryPolicy.baseDelayMs: -5 is out of range (at least 0)");
        String s = def("[" + action("a", "t") + "]", "[]").replace("\"nodes\"", """
                "settings": {"retryPolicy": {"maxAttempts": 11, "baseDelayMs": 4000000, "maxDelayMs": 9999999}},
                "nodes\"""");
        assertThat(DefinitionCodecTest.problems(s)).containsExactly(
                "$.settings.retryPolicy.maxAttempts: 11 is out of range (at most 10)",
                "$.settings.retryPolicy.baseDelayMs: 4000000 is out of range (at most 3600000)",
                "$.settings.retryPolicy.maxDelayMs: 9999999 is out of range (at most 3600000)");
        String below = def("[" + action("a", "t") + "]", "[]").replace("\"nodes\"", """
                "settings": {"retryPolicy": {"baseDelayMs": 5000, "maxDelayMs": 100}}, "nodes\"""");
        assertThat(DefinitionCodecTest.problems(below))
                .containsExactly("$.settings.retryPolicy.maxDelayMs: 100 is below baseDelayMs 5000");
    }

    @Test
    void warnsAboutLooseNodesAndDeadBranches() {
        String cond = "{\"id\": \"c\", \"type\": \"condition\", \"condition\": " + OPEN
                + ", \"position\": {\"x\": 0, \"y\": 0}}";
        ValidationReport r = validate(def("[" + cond + "," + action("a", "t") + "," + action("b", "t") + "]",
                "[{\"id\": \"e\", \"source\": \"c\", \"target\": \"a\", \"sourceHandle\": \"true\"}]"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).containsExactly("$.nodes[0]: the 'false' branch of condition node 'c' leads nowhere",
                "$.nodes[2]: node 'b' has no edges");
    }

    @Test
    void rerootKeepsThePathShape() {
        assertThat(DefinitionValidator.reroot("$.conditions[1].operator: bad", "$.edges[2].condition"))
                .isEqualTo("$.edges[2].condition.conditions[1].operator: bad");
        assertThat(DefinitionValidator.reroot("$: must be an object", "$.edges[0].condition"))
                .isEqualTo("$.edges[0].condition: must be an object");
        assertThat(DefinitionValidator.reroot("odd", "$.x")).isEqualTo("$.x: odd");
    }
}
