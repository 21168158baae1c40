package io.devrig.condition.internal;

import static io.devrig.condition.internal.Conditions.ENGINE;
import static io.devrig.testing.DevRigAssertions.devrigError;
import static io.devrig.testing.TestJson.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.condition.CompiledCondition;
import io.devrig.api.condition.ConditionContext;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.common.json.JsonTrees;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Strict checking: every problem, each with its JSON path. */
class ValidationTest {

    static final String MANY_PROBLEMS = """
            {'type':'and','conditions':[
              {'type':'compare','left':{'type':'context','path':'trigger.payload.x'},'operator':'equals','right':{'type':'literal','value':1}},
              {'type':'compare','left':{'type':'variable','name':'x'},'operator':'eq'},
              {'type':'matches','ref':{'type':'context','path':'a..b'},'pattern':'([a-z]'},
              {'type':'not','conditions':[{'type':'exists','ref':{'type':'env','key':'CI'}}]},
              {'type':'in','ref':{'type':'cast','to':'float','ref':{'type':'literal','value':'1'}},'values':[]},
              {'type':'exists','ref':{'type':'node','path':'x'},'extra':true},
              {'type':'or','conditions':[]},
              {'type':'literal','value':true}
            ]}""";

    @Test
    void everyProblemIsReportedWithItsPath() {
        List<String> problems = ENGINE.validate(j(MANY_PROBLEMS));
        assertThat(problems).containsExactly(
                "$.conditions[0].operator: unknown operator 'equals' (known: eq, neq, gt, gte, lt, lte, contains, startsWith, endsWith)",
                "$.conditions[1].left.type: unknown value ref type 'variable' (known: literal, context, env, node, secret, cast)",
                "$.conditions[1].right: required",
                "$.conditions[2].ref.path: invalid data path 'a..b' at character 3: expected a name after '.', found '.'",
                "$.conditions[2].pattern: invalid regular expression: Unclosed group near index 6",
                "$.conditions[3].conditions: unknown field for 'not' (allowed: type, condition)",
                "$.conditions[3]: 'not' takes exactly one condition, in 'condition' (not a 'conditions' list)",
                "$.conditions[4].ref.to: unknown cast type 'float' (known: string, number, integer, boolean)",
                "$.conditions[4].values: needs at least one value ('in' an empty list is always false)",
                "$.conditions[5].extra: unknown field for 'exists' (allowed: type, ref)",
                "$.conditions[5].ref.nodeId: required",
                "$.conditions[6].conditions: 'or' needs at least one condition",
                "$.conditions[7].type: 'literal' is a value ref, but a condition is expected here (one of and, or, not, compare, exists, matches, in, custom)");
    }

    @Test
    void compileThrowsInvalidInputListingTheSameProblems() {
        DevRigException e = devrigError(() -> ENGINE.compile(j(MANY_PROBLEMS)));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).startsWith("INVALID_INPUT (permanent): invalid condition: 13 problems: $.conditions[0].operator")
                .contains("; $.conditions[7].type");
        assertThat(e.error().details().get("problems")).isEqualTo(ENGINE.validate(j(MANY_PROBLEMS)));
    }

    @Test
    void oneProblemIsSingular() {
        DevRigException e = devrigError(() -> ENGINE.compile(j("{'type':'exists'}")));
        assertThat(e.error().message()).isEqualTo("invalid condition: 1 problem: $.ref: required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "[]                                     | $: must be a condition: an object",
        "'and'                                  | $: must be a condition: an object",
        "{}                                     | $.type: required: the condition type, one of and, or,",
        "{'type':5}                             | $.type: must be a string, one of and, or",
        "{'type':'AND','conditions':[]}         | $.type: unknown condition type 'AND' (known: and, or,",
        "{'type':'and','condition':{'type':'exists','ref':{'type':'env','key':'A'}}} | $: 'and' takes a 'conditions' list, not a single 'condition'",
        "{'type':'and','conditions':{}}         | $.conditions: must be an array of conditions",
        "{'type':'and','conditions':[1]}        | $.conditions[0]: must be a condition",
        "{'type':'not'}                         | $.condition: required",
        "{'type':'compare','left':{'type':'literal','value':1},'operator':3,'right':{'type':'literal','value':1}} | $.operator: must be a string",
        "{'type':'compare','left':{'type':'literal','value':1},'operator':'EQ','right':{'type':'literal','value':1}} | $.operator: unknown operator 'EQ'",
        "{'type':'compare','left':{'type':'literal'},'operator':'eq','right':{'type':'literal','value':1}} | $.left.value: required (it may be null)",
        "{'type':'compare','left':'x','operator':'eq','right':{'type':'literal','value':1}} | $.left: must be a value ref",
        "{'type':'compare','left':{'type':'exists'},'operator':'eq','right':{'type':'literal','value':1}} | $.left.type: 'exists' is a condition, but a value ref is expected here",
        "{'type':'exists','ref':{'type':'context'}}              | $.ref.path: required (a data path",
        "{'type':'exists','ref':{'type':'context','path':''}}    | $.ref.path: must be a non-empty string",
        "{'type':'exists','ref':{'type':'context','path':'a[x'}}| $.ref.path: invalid data path 'a[x' at character 2: '[' is never closed with ']'",
        "{'type':'exists','ref':{'type':'env','key':''}}         | $.ref.key: must be a non-empty string",
        "{'type':'exists','ref':{'type':'secret'}}               | $.ref.key: required",
        "{'type':'exists','ref':{'type':'node','nodeId':'n','path':7}} | $.ref.path: must be a string",
        "{'type':'exists','ref':{'type':'cast','to':'number'}}   | $.ref.ref: required",
        "{'type':'exists','ref':{'type':'cast','to':1,'ref':{'type':'env','key':'A'}}} | $.ref.to: must be a string, one of string, number, integer, boolean",
        "{'type':'matches','ref':{'type':'env','key':'A'}}       | $.pattern: required",
        "{'type':'matches','ref':{'type':'env','key':'A'},'pattern':'a','flags':1} | $.flags: must be a string of flags",
        "{'type':'in','ref':{'type':'env','key':'A'},'values':'a'}   | $.values: must be an array of JSON values",
        "{'type':'in','ref':{'type':'env','key':'A'},'values':[{'type':'literal','value':'a'}]} | $.values[0]: 'values' holds plain JSON values, not value refs",
    })
    void problemsAreNamedAndPlaced(String condition, String problem) {
        assertThat(ENGINE.validate(j(condition))).anySatisfy(p -> assertThat(p).startsWith(problem));
    }

    @Test
    void oddFieldNamesAreQuotedInPaths() {
        assertThat(ENGINE.validate(j("{'type':'exists','ref':{'type':'env','key':'A'},'weird key':1}")))
                .containsExactly("$['weird key']: unknown field for 'exists' (allowed: type, ref)");
    }

    @Test
    void invalidJsonIsOneProblemWithItsPlace() {
        assertThat(ENGINE.validate("{\"type\": \"and\", ")).singleElement().asString()
                .startsWith("$: not valid JSON: ").contains("line 1, column");
        assertThat(ENGINE.validate("{\"type\":\"exists\"} trailing")).singleElement().asString().startsWith("$: not valid JSON");
        assertThat(ENGINE.validate("")).containsExactly("$: an expression is required");
        assertThat(ENGINE.validate((String) null)).containsExactly("$: an expression is required");
        assertThat(ENGINE.validate((Object) null)).containsExactly("$: an expression is required");
    }

    @Test
    void duplicateKeysAreRefused() {
        // the second "operator" would silently win
        String twice = "{\"type\":\"compare\",\"left\":{\"type\":\"literal\",\"value\":1},\"operator\":\"eq\","
                + "\"operator\":\"neq\",\"right\":{\"type\":\"literal\",\"value\":1}}";
        assertThat(ENGINE.validate(twice)).singleElement().asString().contains("Duplicate field 'operator'");
    }

    @Test
    void aValidExpressionHasNoProblems() {
        assertThat(ENGINE.validate(j(LogicTest.and(LogicTest.TRUE, LogicTest.not(LogicTest.FALSE))))).isEmpty();
    }

    @Test
    void expressionsMayBeGivenAsJavaValuesOrTrees() {
        Map<String, Object> expression = Map.of("type", "in",
                "ref", Map.of("type", "context", "path", "trigger.payload.state"),
                "values", List.of("open", "reopened"));
        CompiledCondition fromMap = ENGINE.compile(expression);
        CompiledCondition fromTree = ENGINE.compile(JsonTrees.toTree(expression));
        CompiledCondition fromText = ENGINE.compile((Object) fromMap.json());
        var context = ConditionContext.builder().run(Map.of("trigger", Map.of("payload", Map.of("state", "open"))))
                .build();
        assertThat(fromMap.evaluate(context)).isTrue();
        assertThat(fromTree.evaluate(context)).isTrue();
        assertThat(fromText.evaluate(context)).isTrue();
        assertThat(ENGINE.validate(Map.of("type", "nope"))).singleElement().asString()
                .startsWith("$.type: unknown condition type 'nope'");
        assertThat(ENGINE.validate(new Object())).singleElement().asString().contains("not JSON-compatible");
    }

    @Test
    void jsonIsTheCompactExpression() {
        CompiledCondition compiled = ENGINE.compile("{ \"type\" : \"exists\",\n \"ref\" : {\"type\":\"env\",\"key\":\"CI\"} }");
        assertThat(compiled.json()).isEqualTo("{\"type\":\"exists\",\"ref\":{\"type\":\"env\",\"key\":\"CI\"}}");
        assertThat(ENGINE.compile(compiled.json()).json()).isEqualTo(compiled.json());
    }

    @Test
    void referencesListWhatTheConditionReads() {
        CompiledCondition compiled = ENGINE.compile(j(LogicTest.and(
                Conditions.exists("{'type':'node','nodeId':'fetch','path':'x'}"),
                Conditions.exists("{'type':'env','key':'CI'}"),
                Conditions.exists(Conditions.cast("string", "{'type':'secret','key':'gh.token'}")),
                Conditions.exists("{'type':'node','nodeId':'build'}"),
                CustomConditionTest.custom("acme.plugin", "acme.biz"))));
        var refs = compiled.references();
        assertThat(refs.nodeIds()).containsExactly("build", "fetch");
        assertThat(refs.envKeys()).containsExactly("CI");
        assertThat(refs.secretNames()).containsExactly("gh.token");
        assertThat(refs.customConditions()).containsExactly("acme.plugin/acme.biz");
    }

    @Test
    void manyProblemsAreCutInTheMessageButKeptInTheDetails() {
        StringBuilder conditions = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            conditions.append(i == 0 ? "" : ",").append("{'type':'bogus'}");
        }
        DevRigException e = devrigError(() -> ENGINE.compile(j("{'type':'or','conditions':[" + conditions + "]}")));
        assertThat(e.getMessage()).contains("30 problems").endsWith("; …");
        assertThat((List<?>) e.error().details().get("problems")).hasSize(30);
    }
}
