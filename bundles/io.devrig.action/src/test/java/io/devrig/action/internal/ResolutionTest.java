package io.devrig.action.internal;

import static io.devrig.action.internal.Fixtures.TEMPLATES;
import static io.devrig.testing.TestJson.plainObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.action.ActionErrors;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResolutionTest {

    private final ActionRegistryImpl registry = new ActionRegistryImpl(TEMPLATES, () -> null);
    private final Map<String, Object> data = plainObject("""
            {'trigger':{'payload':{'name':'Ada','tags':['x','y'],'n':3,'ok':true,'nothing':null}},
             'nodes':{'fetch':{'output':{'items':[{'id':1},{'id':2}],'body':'{{trigger.payload.name}}'}}}}""");

    @AfterEach
    void close() {
        registry.close();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resolve(Map<String, Object> config) {
        return (Map<String, Object>) registry.resolve(config, data);
    }

    @Test
    void rendersTemplatesToText() {
        Map<String, Object> out = resolve(plainObject("""
                {'greeting':'Hello {{trigger.payload.name}}!','count':'n={{trigger.payload.n}}',
                 'list':'tags: {{trigger.payload.tags}}','plain':'no template }} here','each':'{{#each trigger.payload.tags}}[{{this}}]{{/each}}'}"""));
        assertThat(out).containsEntry("greeting", "Hello Ada!").containsEntry("count", "n=3")
                .containsEntry("list", "tags: [\"x\",\"y\"]").containsEntry("plain", "no template }} here")
                .containsEntry("each", "[x][y]");
    }

    @Test
    void wholeValueKeepsItsJsonType() {
        Map<String, Object> out = resolve(plainObject("""
                {'tags':'{{trigger.payload.tags}}','n':' {{ trigger.payload.n }} ','ok':'{{trigger.payload.ok}}',
                 'items':'{{nodes.fetch.output.items}}','first':'{{nodes.fetch.output.items.0.id}}',
                 'second':'{{nodes.fetch.output.items[1]}}','nothing':'{{trigger.payload.nothing}}'}"""));
        assertThat(out.get("tags")).isEqualTo(List.of("x", "y"));
        assertThat(out.get("n")).isEqualTo(3);
        assertThat(out.get("ok")).isEqualTo(true);
        assertThat(out.get("items")).isEqualTo(List.of(Map.of("id", 1), Map.of("id", 2)));
        assertThat(out.get("first")).isEqualTo(1);
        assertThat(out.get("second")).isEqualTo(Map.of("id", 2));
        assertThat(out).containsEntry("nothing", null);
    }

    @Test
    void missingPathsGiveNullForWholeValuesAndEmptyTextInTemplates() {
        Map<String, Object> out = resolve(plainObject("{'a':'{{nodes.missing.output}}','b':'x{{nodes.missing.output}}y',"
                + "'c':{'$ref':'nodes.missing.output.items'}}"));
        assertThat(out).containsEntry("a", null).containsEntry("b", "xy").containsEntry("c", null);
    }

    @Test
    void valueReferencesYieldRawValues() {
        Map<String, Object> out = resolve(plainObject("""
                {'items':{'$ref':'nodes.fetch.output.items'},'id':{'$ref':'nodes.fetch.output.items[1].id'},
                 'notRef':{'$ref':'trigger.payload.n','other':1},'nonString':{'$ref':5}}"""));
        assertThat(out.get("items")).isEqualTo(List.of(Map.of("id", 1), Map.of("id", 2)));
        assertThat(out.get("id")).isEqualTo(2);
        // only an object whose single key is $ref with a string is a reference
        assertThat(out.get("notRef")).isEqualTo(Map.of("$ref", "trigger.payload.n", "other", 1));
        assertThat(out.get("nonString")).isEqualTo(Map.of("$ref", 5));
    }

    @Test
    void resolvesNestedMapsAndListsAndLeavesOtherValues() {
        Map<String, Object> config = plainObject("""
                {'headers':{'X-User':'{{trigger.payload.name}}','X-Fixed':'f'},
                 'steps':[{'id':{'$ref':'trigger.payload.n'}},'{{trigger.payload.tags}}',7,null,false,1.5]}""");
        Map<String, Object> out = resolve(config);
        assertThat(out.get("headers")).isEqualTo(Map.of("X-User", "Ada", "X-Fixed", "f"));
        List<Object> steps = new ArrayList<>();
        steps.add(Map.of("id", 3));
        steps.add(List.of("x", "y"));
        steps.add(7);
        steps.add(null);
        steps.add(false);
        steps.add(1.5);
        assertThat(out.get("steps")).isEqualTo(steps);
        // the saved config is not modified
        assertThat(config.get("headers")).isEqualTo(Map.of("X-User", "{{trigger.payload.name}}", "X-Fixed", "f"));
    }

    @Test
    void dataThatLooksLikeATemplateIsNotResolvedAgain() {
        Map<String, Object> out = resolve(plainObject("{'a':'{{nodes.fetch.output.body}}','b':{'$ref':'nodes.fetch.output.body'},"
                + "'c':'<{{nodes.fetch.output.body}}>'}"));
        assertThat(out).containsEntry("a", "{{trigger.payload.name}}").containsEntry("b", "{{trigger.payload.name}}")
                .containsEntry("c", "<{{trigger.payload.name}}>");
    }

    @Test
    void escapedBracesStayLiteral() {
        assertThat(resolve(plainObject("{'a':'\\\\{{literal}} {{trigger.payload.name}}'}"))).containsEntry("a", "{{literal}} Ada");
    }

    @Test
    void templateThatDoesNotCompileNamesTheConfigPath() {
        assertThatThrownBy(() -> resolve(plainObject("{'body':'Hello {{#if x}}'}")))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ActionErrors.ACTION_CONFIG_UNRESOLVED);
                    assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
                    assertThat(e.error().message()).startsWith("$.body: the template does not compile: ")
                            .contains("line 1, column 7");
                    assertThat(e.error().details()).containsEntry("path", "$.body").containsEntry("cause", "INVALID_INPUT");
                });
        assertThatThrownBy(() -> resolve(plainObject("{'list':[1,{'deep key':'{{(nope a)}}'}]}")))
                .isInstanceOfSatisfying(DevRigException.class,
                        e -> assertThat(e.error().message()).startsWith("$.list[1]['deep key']: "));
    }

    @Test
    void malformedReferencePathNamesTheConfigPath() {
        assertThatThrownBy(() -> resolve(plainObject("{'x':{'y':{'$ref':'a..b'}}}")))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ActionErrors.ACTION_CONFIG_UNRESOLVED);
                    assertThat(e.error().message()).startsWith("$.x.y.$ref: invalid data path 'a..b'");
                });
    }

    @Test
    void renderFailureNamesTheConfigPathButNotTheData() {
        Map<String, Object> big = new HashMap<>();
        String secretish = "s3cr3t".repeat(100_000);
        big.put("blob", secretish);
        assertThatThrownBy(() -> registry.resolve(plainObject("{'out':'{{blob}}{{blob}}'}"), big))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ActionErrors.ACTION_CONFIG_UNRESOLVED);
                    assertThat(e.error().message()).startsWith("$.out: the template could not be rendered")
                            .doesNotContain("s3cr3t");
                    assertThat(e.error().details()).containsEntry("cause", "TEMPLATE_OUTPUT_TOO_LARGE");
                });
    }

    @Test
    void dataThatIsNotJsonFailsTemplatesClearlyWithoutCallingIt() {
        Map<String, Object> odd = new LinkedHashMap<>();
        odd.put("obj", new Object() {
            @Override
            public String toString() {
                throw new AssertionError("must not be called");
            }
        });
        odd.put("name", "n");
        assertThatThrownBy(() -> registry.resolve(plainObject("{'t':'x {{name}}'}"), odd))
                .isInstanceOfSatisfying(DevRigException.class,
                        e -> assertThat(e.error().message()).startsWith("$.t: the data at $.obj is not a JSON value"));
        // a whole value does not need the tree and reads a JSON path fine
        assertThat(registry.resolve(plainObject("{'t':'{{name}}'}"), odd)).isEqualTo(Map.of("t", "n"));
    }

    @Test
    void compiledTemplatesAreCachedInABoundedMap() {
        ConfigResolver resolver = new ConfigResolver(TEMPLATES);
        for (int i = 0; i < ConfigResolver.TEMPLATE_CACHE_SIZE + 200; i++) {
            resolver.resolve(Map.of("t", "v" + i + " {{a}}"), Map.of("a", 1));
        }
        assertThat(resolver.cachedTemplates()).isEqualTo(ConfigResolver.TEMPLATE_CACHE_SIZE);
        assertThat(resolver.resolve(Map.of("t", "v1 {{a}}"), Map.of("a", 2))).containsEntry("t", "v1 2");
    }
}
