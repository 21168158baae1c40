package io.devrig.template.internal;

import static io.devrig.template.internal.Templates.ENGINE;
import static io.devrig.template.internal.Templates.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.template.CompiledTemplate;
import io.devrig.api.template.Escaping;
import io.devrig.api.template.TemplateOptions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DataTest {

    final CompiledTemplate t = ENGINE.compile("{{name}}|{{n}}|{{#each list}}{{this}},{{/each}}|{{obj}}|{{#if flag}}on{{/if}}");

    @Test
    void javaMapsAndListsAreAcceptedAsJson() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", "Ann");
        data.put("n", 3);
        data.put("list", List.of(1L, 2.5, new BigDecimal("3.25"), BigInteger.TEN, (short) 4, (byte) 5, 1.5f));
        data.put("obj", Map.of("k", Set.of("v")));
        data.put("flag", true);
        assertThat(t.render(data)).isEqualTo("Ann|3|1,2.5,3.25,10,4,5,1.5,|{\"k\":[\"v\"]}|on");
    }

    @Test
    void nullDataRendersEmptyValues() {
        assertThat(t.render(null)).isEqualTo("||||");
    }

    @Test
    void otherJavaObjectsAreRefusedWithoutTouchingThem() {
        AtomicBoolean touched = new AtomicBoolean();
        Object bean = new Object() {
            @SuppressWarnings("unused")
            public String getName() {
                touched.set(true);
                return "leaked";
            }

            @Override
            public String toString() {
                touched.set(true);
                return "leaked";
            }
        };
        for (Object data : List.of(bean, Map.of("name", bean), List.of(bean), new StringBuilder("sb"), 'c',
                new double[] {1}, Double.NaN)) {
            assertThatThrownBy(() -> t.render(data)).isInstanceOfSatisfying(DevRigException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT));
        }
        Map<Object, Object> badKey = new HashMap<>();
        badKey.put(1, "x");
        assertThatThrownBy(() -> t.render(badKey)).hasMessageContaining("$: object keys must be strings, found number");
        assertThat(touched).isFalse();
    }

    @Test
    void aPojoInsideATreeIsNeverSerialized() {
        AtomicBoolean touched = new AtomicBoolean();
        Object bean = new Object() {
            @SuppressWarnings("unused")
            public String getSecret() {
                touched.set(true);
                return "leaked";
            }
        };
        ObjectNode data = JSON.createObjectNode();
        data.set("name", new POJONode(bean));
        assertThatThrownBy(() -> t.render(data)).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
            assertThat(e.getMessage()).contains("'name' holds a Java object, not JSON");
        });
        var nested = JSON.createObjectNode().set("obj", JSON.createObjectNode().set("p", new POJONode(bean)));
        assertThatThrownBy(() -> t.render(nested)).isInstanceOf(DevRigException.class);
        assertThat(ENGINE.compile("{{#if (eq p p)}}eq{{else}}ne{{/if}}").render(JSON.createObjectNode().set("p", new POJONode(bean))))
                .isEqualTo("ne");
        assertThat(touched).isFalse();
    }

    @Test
    void renderJsonParsesText() {
        assertThat(t.renderJson("{\"name\":\"Ann\",\"list\":[1],\"flag\":1}")).isEqualTo("Ann||1,||on");
    }

    @Test
    void renderJsonRefusesMalformedJson() {
        for (String bad : List.of("{", "{\"a\":1} trailing", "", "   ", "{'a':1}", "[1,]")) {
            assertThatThrownBy(() -> t.renderJson(bad)).as(bad).isInstanceOfSatisfying(DevRigException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT));
        }
        assertThatThrownBy(() -> t.renderJson("{\n  \"a\": nope}")).hasMessageContaining("at line 2, column");
    }

    @Test
    void renderJsonDoesNotBindTypes() {
        // polymorphic type hints are just data to a tree parser
        String json = "{\"name\":[\"java.lang.ProcessBuilder\",{\"command\":[\"id\"]}],\"@class\":\"java.lang.Runtime\"}";
        assertThat(t.renderJson(json)).startsWith("[\"java.lang.ProcessBuilder\",{\"command\":[\"id\"]}]|");
        assertThat(ENGINE.compile("{{[@class]}}").renderJson(json)).isEqualTo("java.lang.Runtime");
    }

    @Test
    void aCompiledTemplateKnowsItsSourceAndOptions() {
        TemplateOptions o = TemplateOptions.escaping(Escaping.HTML).withStrict(true);
        CompiledTemplate c = ENGINE.compile("Hi {{x}}", o);
        assertThat(c.source()).isEqualTo("Hi {{x}}");
        assertThat(c.options()).isEqualTo(o);
        assertThat(c.toString()).contains("Hi {{x}}").contains("HTML");
        assertThat(ENGINE.compile("x").options()).isEqualTo(TemplateOptions.defaults());
    }

    @Test
    void renderingDoesNotChangeTheData() {
        var data = Templates.json("{`a`:{`b`:[1,2]},`s`:`x`}");
        var copy = data.deepCopy();
        ENGINE.compile("{{a}}{{a.b.5}}{{#each a.b}}{{this}}{{/each}}{{a.c.d}}{{missing}}").render(data);
        assertThat(data).isEqualTo(copy);
    }

    @Test
    void nullArgumentsAreProgrammingErrors() {
        assertThatThrownBy(() -> ENGINE.compile(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ENGINE.compile("x", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ENGINE.validate(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> t.renderJson(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aTemplateIsImmutable() {
        List<Object> list = new ArrayList<>(List.of(1, 2));
        Map<String, Object> data = new HashMap<>(Map.of("list", list));
        String first = t.render(data);
        list.add(3);
        assertThat(t.render(data)).isNotEqualTo(first).contains("1,2,3,");
        assertThat(t.render(Map.of("list", List.of(1, 2)))).isEqualTo(first);
    }
}
