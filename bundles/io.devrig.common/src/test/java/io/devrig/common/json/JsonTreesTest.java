package io.devrig.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JsonTreesTest {

    /** A plugin's object whose getters must never run. */
    public static final class Hostile {
        static final AtomicInteger CALLS = new AtomicInteger();

        public String getName() {
            CALLS.incrementAndGet();
            return "side effect";
        }

        public String getBoom() {
            CALLS.incrementAndGet();
            throw new IllegalStateException("getter called");
        }
    }

    @Test
    void aPluginObjectIsRefusedNeverItsGettersCalled() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("ok", List.of(1, "two"));
        value.put("odd key", List.of(Map.of("x", new Hostile())));
        JsonTrees.NotJsonException e = catchThrowableOfType(() -> JsonTrees.toTree(value),
                JsonTrees.NotJsonException.class);
        assertThat(e.path()).isEqualTo("$['odd key'][0].x");
        assertThat(e.problem()).isEqualTo("not a JSON value (Java Hostile)");
        assertThat(e).hasMessage("$['odd key'][0].x: not a JSON value (Java Hostile)");
        assertThat(Hostile.CALLS).hasValue(0);
    }

    @Test
    void otherNonJsonValuesAreRefusedWithTheirPlace() {
        assertThatThrownBy(() -> JsonTrees.toTree(List.of(new AtomicInteger(1)), "$.x", 10, 10))
                .hasMessage("$.x[0]: not a JSON value (Java AtomicInteger)");
        assertThatThrownBy(() -> JsonTrees.toTree(Map.of(1, "a"))).hasMessage("$: object keys must be strings, found number");
        assertThatThrownBy(() -> JsonTrees.toTree(List.of(Double.NaN))).hasMessageContaining("$[0]: number NaN is not JSON");
        assertThatThrownBy(() -> JsonTrees.toTree(List.of(1, 2, 3), "$", 10, 2))
                .hasMessage("$: array of 3 elements; at most 2 are allowed");
        assertThatThrownBy(() -> JsonTrees.toJava(new POJONode(new Hostile()))).hasMessageContaining("$: not a JSON value");
        assertThat(Hostile.CALLS).hasValue(0);
    }

    @Test
    void deepOrCyclicValuesAreRefusedNotAStackOverflow() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThatThrownBy(() -> JsonTrees.toTree(cyclic)).isInstanceOf(JsonTrees.NotJsonException.class)
                .hasMessageContaining("nested deeper than 1000 levels");
        Object deep = "x";
        for (int i = 0; i < 1000; i++) {
            deep = List.of(deep);
        }
        assertThat(JsonTrees.toTree(deep).isArray()).isTrue();
        assertThatThrownBy(() -> JsonTrees.toTree(List.of(List.of(List.of())), "metadata", 1, 10))
                .hasMessage("metadata[0][0]: nested deeper than 1 levels");
    }

    @Test
    void numbersKeepTypeAndValue() {
        JsonNode tree = JsonTrees.toTree(Map.of("i", 1, "l", Long.MAX_VALUE, "d", new BigDecimal("1.10"), "f", 1.5f,
                "b", new BigInteger("123456789012345678901234567890"), "x", 0.1));
        assertThat(tree.get("i").isInt()).isTrue();
        assertThat(tree.get("l").longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(tree.get("d").toString()).isEqualTo("1.10");
        assertThat(tree.get("b").toString()).isEqualTo("123456789012345678901234567890");
        assertThat(tree.get("x").toString()).isEqualTo("0.1");
    }

    @Test
    void treesBackToJavaValues() {
        JsonNode tree = Json.readTree("{\"a\":[1,2.5,\"s\",true,null],\"b\":{\"c\":12345678901234567890}}");
        Object java = JsonTrees.toJava(tree);
        assertThat(java).isEqualTo(Map.of("a", Arrays.asList(1, new BigDecimal("2.5"), "s", true, null),
                "b", Map.of("c", new BigInteger("12345678901234567890"))));
        assertThat(JsonTrees.toTree(java)).isEqualTo(tree);
        assertThat(JsonTrees.toJava(null)).isNull();
    }

    @Test
    void typesForMessages() {
        assertThat(JsonTrees.type(1L)).isEqualTo("number");
        assertThat(JsonTrees.type(List.of())).isEqualTo("array");
        assertThat(JsonTrees.type(new AtomicInteger())).isEqualTo("Java AtomicInteger");
        assertThat(JsonTrees.kind(Json.readTree("{}"))).isEqualTo("object");
    }
}
