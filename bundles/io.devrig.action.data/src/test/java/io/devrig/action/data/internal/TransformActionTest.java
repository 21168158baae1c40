package io.devrig.action.data.internal;

import static io.devrig.action.data.internal.TestSupport.CONTEXT;
import static io.devrig.action.data.internal.TestSupport.TEMPLATES;
import static io.devrig.testing.DevRigAssertions.devrigError;
import static io.devrig.testing.TestJson.plain;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.template.TemplateErrors;
import io.devrig.common.json.JsonTrees;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransformActionTest {

    static final String STORE = """
            {"store": "main",
             "items": [
               {"name": "pen", "price": 2.5, "tags": ["office"]},
               {"name": "lamp", "price": 30, "tags": ["home", "office"]},
               {"name": "desk", "price": 120, "tags": []},
               {"name": "clip", "price": 10}
             ],
             "owner": {"name": "Ada", "address": {"city": "Paris"}}}""";

    final TransformAction action = new TransformAction(TEMPLATES);

    Object run(Object input) {
        return ((Map<?, ?>) action.execute(input, CONTEXT)).get("result");
    }

    Map<String, Object> input(String mode, Object value, Object source) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("source", source);
        in.put(mode, value);
        return in;
    }

    Object path(String jsonPath) {
        return run(input("jsonPath", jsonPath, plain(STORE)));
    }

    @Test
    void outputIsAnObjectWithOnlyResult() {
        Object out = action.execute(input("jsonPath", "$.store", plain(STORE)), CONTEXT);
        assertThat(out).isEqualTo(Map.of("result", "main"));
    }

    @Test
    void definitePathsReturnTheValue() {
        assertThat(path("$.owner.address.city")).isEqualTo("Paris");
        assertThat(path("$.items[1].name")).isEqualTo("lamp");
        assertThat(path("$.items[-1].price")).isEqualTo(10);
        assertThat(path("$.owner")).isEqualTo(plain("{\"name\": \"Ada\", \"address\": {\"city\": \"Paris\"}}"));
        assertThat(path("$['owner']['name']")).isEqualTo("Ada");
        assertThat(path("$")).isEqualTo(plain(STORE));
    }

    @Test
    void filterExpressionsSelectElements() {
        assertThat(path("$.items[?(@.price > 10)].name")).isEqualTo(List.of("lamp", "desk"));
        assertThat(path("$.items[?(@.price >= 10 && @.price < 100)].name")).isEqualTo(List.of("lamp", "clip"));
        assertThat(path("$.items[?(@.name == 'pen' || @.name =~ /d.*/)].price")).isEqualTo(List.of(2.5, 120));
        assertThat(path("$.items[?('office' in @.tags)].name")).isEqualTo(List.of("pen", "lamp"));
        assertThat(path("$.items[?(@.tags)].name")).isEqualTo(List.of("pen", "lamp", "desk"));
        assertThat(path("$.items[?(@.price > 10)]")).isEqualTo(
                plain("[{\"name\": \"lamp\", \"price\": 30, \"tags\": [\"home\", \"office\"]},"
                        + " {\"name\": \"desk\", \"price\": 120, \"tags\": []}]"));
    }

    @Test
    void indefinitePathsReturnLists() {
        assertThat(path("$.items[*].name")).isEqualTo(List.of("pen", "lamp", "desk", "clip"));
        assertThat(path("$..city")).isEqualTo(List.of("Paris"));
        assertThat(path("$.items[0,2].price")).isEqualTo(List.of(2.5, 120));
        assertThat(path("$.items[1:3].name")).isEqualTo(List.of("lamp", "desk"));
    }

    @Test
    void functionsWork() {
        assertThat(path("$.items.length()")).isEqualTo(4);
        Object scores = plain("{\"scores\": [3, 9.5, 4]}");
        assertThat(((Number) run(input("jsonPath", "$.scores.max()", scores))).doubleValue()).isEqualTo(9.5);
        assertThat(((Number) run(input("jsonPath", "$.scores.sum()", scores))).doubleValue()).isEqualTo(16.5);
    }

    @Test
    void aDefinitePathThatFindsNothingIsNull() {
        Map<String, Object> out = new HashMap<>();
        out.put("result", null);
        assertThat(action.execute(input("jsonPath", "$.nope", plain(STORE)), CONTEXT)).isEqualTo(out);
        assertThat(path("$.owner.address.zip")).isNull();
        assertThat(path("$.items[9]")).isNull();
        // through a string: still nothing found, not an error
        assertThat(path("$.store.deeper")).isNull();
    }

    @Test
    void anIndefinitePathThatFindsNothingIsAnEmptyList() {
        assertThat(path("$.items[?(@.price > 1000)]")).isEqualTo(List.of());
        assertThat(path("$.items[*].missing")).isEqualTo(List.of());
        assertThat(path("$..zip")).isEqualTo(List.of());
    }

    @Test
    void nullAndScalarSources() {
        assertThat(run(input("jsonPath", "$.a", null))).isNull();
        assertThat(run(input("jsonPath", "$[*]", null))).isEqualTo(List.of());
        assertThat(run(input("jsonPath", "$[1]", plain("[\"a\", \"b\"]")))).isEqualTo("b");
        assertThat(run(input("jsonPath", "$.a", "text"))).isNull();
    }

    @Test
    void theSourceIsNotChanged() {
        Object source = plain(STORE);
        String before = TestJson.write(source);
        path("$.items[?(@.price > 10)]");
        run(input("jsonPath", "$..name", source));
        assertThat(TestJson.write(source)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$.items[?(@.price >", "$[", "$.items[?(@.price > 10]", "$..", "$.items[?(@.x =~ /[/)]"})
    void aBadExpressionIsInvalidInputNamingJsonPath(String expression) {
        DevRigException e = devrigError(() -> path(expression));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.retryable()).isFalse();
        assertThat(e.error().message()).startsWith("$.jsonPath: ");
        assertThat(e.error().details()).containsEntry("path", "$.jsonPath");
    }

    @Test
    void anExpressionThatCannotBeEvaluatedIsInvalidInput() {
        // sum() over nothing numeric
        DevRigException e = devrigError(() -> path("$.items[*].name.sum()"));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.error().message()).startsWith("$.jsonPath: cannot evaluate the JSONPath expression: ");
    }

    @Test
    void emptyAndNonStringExpressionsAreRefused() {
        assertThat(devrigError(() -> path(" ")).error().message()).isEqualTo("$.jsonPath: must not be empty");
        assertThat(devrigError(() -> run(input("jsonPath", 5, plain(STORE)))).error().message())
                .isEqualTo("$.jsonPath: must be a string, found number");
        assertThat(devrigError(() -> path("$" + ".a".repeat(5_000))).error().message())
                .isEqualTo("$.jsonPath: is 10001 characters long; at most 10000 are allowed");
    }

    @Test
    void compiledExpressionsAreCachedAndBounded() {
        TransformAction fresh = new TransformAction(TEMPLATES);
        for (int i = 0; i < 3; i++) {
            fresh.execute(input("jsonPath", "$.store", plain(STORE)), CONTEXT);
        }
        assertThat(fresh.cachedExpressions()).isEqualTo(1);
        for (int i = 0; i < 600; i++) {
            fresh.execute(input("jsonPath", "$.items[" + i + "]", plain(STORE)), CONTEXT);
        }
        assertThat(fresh.cachedExpressions()).isEqualTo(TransformAction.MAX_CACHED_EXPRESSIONS);
        // a bad expression is not cached
        devrigError(() -> fresh.execute(input("jsonPath", "$[", plain(STORE)), CONTEXT));
        assertThat(fresh.cachedExpressions()).isEqualTo(TransformAction.MAX_CACHED_EXPRESSIONS);
    }

    @Test
    void concurrentCallsAgree() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String expression = "$.items[?(@.price > " + (i % 5) * 10 + ")].name";
                results.add(pool.submit(() -> path(expression)));
            }
            for (int i = 0; i < results.size(); i++) {
                List<String> expected = switch (i % 5) {
                    case 0 -> List.of("pen", "lamp", "desk", "clip");
                    case 1, 2 -> List.of("lamp", "desk");
                    default -> List.of("desk"); // lamp costs exactly 30

                };
                assertThat(results.get(i).get()).as("call " + i).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void mappingBuildsAnObject() {
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("city", "$.owner.address.city");
        mapping.put("expensive", "$.items[?(@.price > 10)].name");
        mapping.put("first", "$.items[0].name");
        mapping.put("none", "$.nothing");
        mapping.put("nothingMatched", "$.items[?(@.price < 0)]");
        Object result = run(input("mapping", mapping, plain(STORE)));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("city", "Paris");
        expected.put("expensive", List.of("lamp", "desk"));
        expected.put("first", "pen");
        expected.put("none", null);
        expected.put("nothingMatched", List.of());
        assertThat(result).isEqualTo(expected);
        assertThat(new ArrayList<Object>(((Map<?, ?>) result).keySet())).containsExactly("city", "expensive", "first", "none",
                "nothingMatched");
    }

    @Test
    void mappingErrorsNameTheKey() {
        DevRigException e = devrigError(() -> run(input("mapping",
                Map.of("ok", "$.store", "bad.key", "$.items[?(@.x >"), plain(STORE))));
        assertThat(e.error().message()).startsWith("$.mapping['bad.key']: invalid JSONPath expression: ");
        assertThat(devrigError(() -> run(input("mapping", Map.of("n", 1), plain(STORE)))).error().message())
                .isEqualTo("$.mapping.n: must be a string, found number");
        assertThat(devrigError(() -> run(input("mapping", Map.of(), plain(STORE)))).error().message())
                .isEqualTo("$.mapping: must have at least one entry");
        assertThat(devrigError(() -> run(input("mapping", "$.store", plain(STORE)))).error().message())
                .isEqualTo("$.mapping: must be an object, found string");
    }

    @Test
    void templateOutput() {
        assertThat(run(input("template", "{{owner.name}} lives in {{owner.address.city}}", plain(STORE))))
                .isEqualTo("Ada lives in Paris");
        assertThat(run(input("template", "{{#each items}}{{name}}{{#if (gt price 10)}}*{{/if}},{{/each}}",
                plain(STORE)))).isEqualTo("pen,lamp*,desk*,clip,");
        assertThat(run(input("template", "missing: [{{nope.deeper}}]", plain(STORE)))).isEqualTo("missing: []");
        assertThat(run(input("template", "no data", null))).isEqualTo("no data");
    }

    @Test
    void anEscapedTemplateInANodeConfigSurvivesConfigResolution() {
        // the README's example: the registry renders config strings with the template engine first
        String inConfig = "\\{{#each result}}- \\{{this}}\n\\{{/each}}";
        String afterResolution = TEMPLATES.compile(inConfig).render(Map.of("nodes", Map.of()));
        assertThat(afterResolution).isEqualTo("{{#each result}}- {{this}}\n{{/each}}");
        assertThat(run(input("template", afterResolution, Map.of("result", List.of("lamp", "desk")))))
                .isEqualTo("- lamp\n- desk\n");
    }

    @Test
    void aTemplateThatDoesNotCompileIsInvalidInputAtTemplate() {
        DevRigException e = devrigError(() -> run(input("template", "Hi {{#if x}}open", plain(STORE))));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.error().message())
                .isEqualTo("$.template: invalid template: line 1, column 4: '{{#if}}' is never closed with '{{/if}}'");
        assertThat(e.error().details()).containsEntry("path", "$.template").containsKey(TemplateErrors.PROBLEMS);
    }

    @Test
    void aTemplateRenderLimitKeepsItsCode() {
        Map<String, Object> source = Map.of("items", TestSupport.range(60_000));
        DevRigException e = devrigError(() -> run(input("template",
                "{{#each items}}{{#each @root.items}}x{{/each}}{{/each}}", source)));
        assertThat(e.code()).isIn(TemplateErrors.TEMPLATE_TOO_MANY_ITERATIONS, TemplateErrors.TEMPLATE_OUTPUT_TOO_LARGE);
        assertThat(e.error().message()).startsWith("$.template: ");
    }

    @Test
    void exactlyOneModeIsRequired() {
        Map<String, Object> both = input("jsonPath", "$.store", plain(STORE));
        both.put("template", "x");
        assertThat(devrigError(() -> run(both)).error().message())
                .isEqualTo("$: exactly one of jsonPath, mapping, template is required, found jsonPath and template");
        assertThat(devrigError(() -> run(Map.of("source", 1))).error().message())
                .isEqualTo("$: exactly one of jsonPath, mapping, template is required, found none");
    }

    @Test
    void badInputShapes() {
        assertThat(devrigError(() -> run("text")).error().message()).isEqualTo("$: must be an object, found string");
        assertThat(devrigError(() -> run(null)).error().message()).isEqualTo("$: must be an object, found null");
        assertThat(devrigError(() -> run(Map.of("jsonPath", "$"))).error().message())
                .isEqualTo("$.source: is required");
        Map<String, Object> extra = input("jsonPath", "$", 1);
        extra.put("jsonpath", "$");
        DevRigException e = devrigError(() -> run(extra));
        assertThat(e.error().message()).isEqualTo("$.jsonpath: unknown field (allowed: jsonPath, mapping, source, template)");
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
    }

    @Test
    void nonJsonValuesInTheSourceAreRefusedWithTheirPath() {
        Map<String, Object> source = Map.of("a", List.of(1, Map.of("when", new Object())));
        assertThat(devrigError(() -> run(input("jsonPath", "$.a", source))).error().message())
                .isEqualTo("$.source.a[1].when: not a JSON value (Java Object)");
        assertThat(devrigError(() -> run(input("jsonPath", "$.a", Map.of("x", Double.NaN)))).error().message())
                .isEqualTo("$.source.x: number NaN is not JSON (only finite numbers are)");
        Map<Object, Object> intKeys = new HashMap<>();
        intKeys.put(1, "one");
        assertThat(devrigError(() -> run(input("template", "x", Map.of("m", intKeys)))).error().message())
                .isEqualTo("$.source.m: object keys must be strings, found number");
    }

    @Test
    void arraysLongerThanTheLimitAreRefused() {
        Map<String, Object> ok = Map.of("a", Map.of("b", TestSupport.range(Inputs.MAX_ARRAY_ELEMENTS)));
        assertThat(run(input("jsonPath", "$.a.b.length()", ok))).isEqualTo(Inputs.MAX_ARRAY_ELEMENTS);
        Map<String, Object> tooMany = Map.of("a", Map.of("b", TestSupport.range(Inputs.MAX_ARRAY_ELEMENTS + 1)));
        DevRigException e = devrigError(() -> run(input("jsonPath", "$.a.b.length()", tooMany)));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.error().message()).isEqualTo("$.source.a.b: array of 100001 elements; at most 100000 are allowed");
    }

    @Test
    void deeplyNestedSourcesAreRefused() {
        Object deep = "leaf";
        for (int i = 0; i < JsonTrees.MAX_DEPTH + 1; i++) {
            deep = List.of(deep);
        }
        Object source = deep;
        DevRigException e = devrigError(() -> run(input("jsonPath", "$[0]", source)));
        assertThat(e.error().message()).startsWith("$.source[0][0]").endsWith(": nested deeper than 1000 levels");
    }

    @Test
    void resultsLargerThanTheLimitAreRefused() {
        List<Object> big = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            big.add("x".repeat(1000));
        }
        Map<String, Object> source = Map.of("big", big);
        // 400 KB is fine alone...
        assertThat((List<?>) run(input("jsonPath", "$.big", source))).hasSize(400);
        // ...but a mapping that copies it three times is too large
        DevRigException e = devrigError(() -> run(input("mapping",
                Map.of("a", "$.big", "b", "$.big", "c", "$.big"), source)));
        assertThat(e.code()).isEqualTo(DataErrors.DATA_RESULT_TOO_LARGE);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.error().message()).isEqualTo("$.result: larger than 1048576 bytes of JSON; select less");
    }

    @Test
    void cancellationStopsAMapping() {
        TestActionContext cancelled = new TestActionContext();
        cancelled.cancel();
        DevRigException e = devrigError(() -> action.execute(input("mapping", Map.of("a", "$"), 1), cancelled));
        assertThat(e.code()).isEqualTo(ErrorCodes.CANCELLED);
        assertThat(e.category()).isEqualTo(ErrorCategory.CANCELLED);
    }

    @Test
    void noGlobalJsonPathStateIsUsed() {
        // the library's defaults are json-smart; an explicit configuration makes results plain Java lists
        Object result = path("$.items[*].price");
        assertThat(result).isInstanceOf(List.class);
        assertThat(result.getClass().getName()).doesNotStartWith("net.minidev");
    }
}
