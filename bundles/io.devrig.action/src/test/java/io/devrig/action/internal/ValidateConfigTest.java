package io.devrig.action.internal;

import static io.devrig.action.internal.Fixtures.TEMPLATES;
import static io.devrig.testing.TestJson.j;
import static io.devrig.testing.TestJson.plainObject;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.testing.TestExecutor;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ValidateConfigTest {

    static final String SCHEMA = j("""
            {'type':'object','required':['url','count'],'additionalProperties':false,
             'properties':{'url':{'type':'string','minLength':5},'count':{'type':'integer','minimum':1},
                           'items':{'type':'array','items':{'type':'object','required':['name'],
                                    'properties':{'name':{'type':'string'}}}},
                           'headers':{'type':'object','additionalProperties':{'type':'string'}}}}""");

    private final ActionRegistryImpl registry = new ActionRegistryImpl(TEMPLATES, () -> null);

    @BeforeEach
    void publish() {
        registry.addExecutor(new TestExecutor(ActionDescriptor.of("http.call", null, null, SCHEMA, null), (i, c) -> i),
                null, null, 0, 1, "test");
        registry.addExecutor(TestExecutor.of("data.any", (i, c) -> i), null, null, 0, 2, "test");
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void validConfigHasNoProblems() {
        assertThat(registry.validateConfig("http.call", plainObject("{'url':'https://x','count':2,'items':[{'name':'a'}]}")))
                .isEmpty();
    }

    @Test
    void reportsRealErrorsWithJsonPaths() {
        assertThat(registry.validateConfig("http.call",
                plainObject("{'url':'ab','count':0,'items':[{'name':'a'},{'name':5}],'extra':true,'headers':{'X a':1}}")))
                .containsExactlyInAnyOrder(
                        "$.url: must be at least 5 characters long",
                        "$.count: must have a minimum value of 1",
                        "$.items[1].name: integer found, string expected",
                        "$.headers['X a']: integer found, string expected",
                        "$: property 'extra' is not defined in the schema and the schema does not allow additional properties");
        assertThat(registry.validateConfig("http.call", plainObject("{'url':'https://x'}")))
                .containsExactly("$: required property 'count' not found");
    }

    @Test
    void ignoresProblemsAtOrBelowTemplatesAndReferences() {
        Map<String, Object> config = plainObject("""
                {'url':'{{trigger.payload.url}}','count':'{{trigger.payload.n}}',
                 'items':{'$ref':'nodes.fetch.output.items'},'headers':{'X-A':{'$ref':'x'}}}""");
        assertThat(registry.validateConfig("http.call", config)).isEmpty();
        // a real error beside a template is still reported
        Map<String, Object> mixed = plainObject("{'url':'{{x}}','count':-1,'items':[{'$ref':'a'},{'name':false}]}");
        assertThat(registry.validateConfig("http.call", mixed)).containsExactlyInAnyOrder(
                "$.count: must have a minimum value of 1", "$.items[1].name: boolean found, string expected");
    }

    @Test
    void unknownTypeOrNoSchemaHasNoProblems() {
        assertThat(registry.validateConfig("nope.nothing", plainObject("{'a':1}"))).isEmpty();
        assertThat(registry.validateConfig("data.any", plainObject("{'a':1}"))).isEmpty();
        assertThat(registry.validateConfig("http.call", null)).containsExactlyInAnyOrder(
                "$: required property 'url' not found", "$: required property 'count' not found");
    }

    @Test
    void brokenSchemaIsOneClearProblem() {
        registry.addExecutor(new TestExecutor(ActionDescriptor.of("bad.schema", null, null, "{not json", null),
                (i, c) -> i), null, null, 0, 3, "test");
        assertThat(registry.validateConfig("bad.schema", plainObject("{'a':1}")))
                .singleElement().asString().startsWith("$: the input schema of action bad.schema cannot be used:");
    }
}
