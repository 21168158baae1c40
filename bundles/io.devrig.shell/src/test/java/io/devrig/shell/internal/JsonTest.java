package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

    private static final String NL = System.lineSeparator();

    @Test
    void objectsAndArraysGetOneMemberALine() {
        assertThat(Json.pretty("{\"a\":{\"b\":[1,{\"c\":null}]},\"d\":true}")).isEqualTo(String.join(NL,
                "{",
                "  \"a\": {",
                "    \"b\": [",
                "      1,",
                "      {",
                "        \"c\": null",
                "      }",
                "    ]",
                "  },",
                "  \"d\": true",
                "}"));
    }

    @Test
    void aScalarRootIsKept() {
        assertThat(Json.pretty("\"text\"")).isEqualTo("\"text\"");
        assertThat(Json.pretty(" 42 ")).isEqualTo("42");
    }

    @Test
    void emptyContainersStayShort() {
        assertThat(Json.pretty("{ }")).isEqualTo("{}");
        assertThat(Json.pretty("{\"a\":[ ],\"b\":{}}")).isEqualTo("{" + NL + "  \"a\": []," + NL + "  \"b\": {}" + NL + "}");
        assertThat(Json.pretty(null)).isEqualTo("{}");
        assertThat(Json.pretty("  ")).isEqualTo("{}");
    }

    @Test
    void numbersAndKeyOrderStayExactlyAsGiven() {
        assertThat(Json.pretty("{\"z\":1.10,\"a\":12345678901234567890123,\"m\":1e400,\"n\":-0.0}"))
                .contains("\"z\": 1.10").contains("\"a\": 12345678901234567890123").contains("\"m\": 1e400")
                .contains("\"n\": -0.0")
                .containsSubsequence("\"z\"", "\"a\"", "\"m\"", "\"n\"");
    }

    @Test
    void controlCharactersInStringsComeOutEscaped() {
        String pretty = Json.pretty("{\"a\":\"x\\u001b[2Jy\\nz\"}");

        assertThat(pretty).doesNotContain("\u001b").contains("\\u001B[2Jy\\nz");
        // JSON allows DEL and the C1 controls raw; a terminal may act on them (U+009B is CSI)
        String c1 = Json.pretty("{\"a\":\"x" + (char) 0x9B + "2J" + (char) 0x7F + "y\u00e9\"}");
        assertThat(c1).isEqualTo("{" + NL + "  \"a\": \"x\\u009B2J\\u007Fy\u00e9\"" + NL + "}");
    }

    @Test
    void syntaxErrorsSayWhereButNotWhat() {
        assertThat(Json.syntaxError("{\"a\": [1, {\"b\": null}]}")).isNull();
        assertThat(Json.syntaxError(" 42 ")).isNull();
        assertThat(Json.syntaxError("{\"a\":\n  secret-ish}")).isEqualTo("line 2, column 3")
                .doesNotContain("secret");
        assertThat(Json.syntaxError("{\"a\": 1")).startsWith("line 1, column ");
        assertThat(Json.syntaxError("{} []")).isEqualTo("more than one JSON value (line 1, column 4)");
        assertThat(Json.syntaxError("")).isEqualTo("no JSON value");
    }

    @Test
    void textThatIsNotOneJsonValueIsShownAsItIs() {
        assertThat(Json.pretty("  {\"a\": ")).isEqualTo("{\"a\":");
        assertThat(Json.pretty("{} {}")).isEqualTo("{} {}");
        assertThat(Json.pretty("not json")).isEqualTo("not json");
        assertThat(Json.pretty("{\"a\": [1, 2}")).isEqualTo("{\"a\": [1, 2}");
    }

    @Test
    void compactPutsAValueOnOneLine() {
        assertThat(Json.compact("{\n  \"a\": [1, 2.50],\n  \"b\": \"x\\u001by\"\n}")).isEqualTo("{\"a\":[1,2.50],\"b\":\"x\\u001By\"}");
        assertThat(Json.compact("not json\nat all")).isEqualTo("not json at all");
        assertThat(Json.compact(null)).isEmpty();
    }

    @Test
    void scalarFieldsAndObjects() {
        assertThat(Json.scalarFields("{\"code\":\"X\",\"n\":1,\"d\":{\"code\":\"inner\"},\"z\":null}"))
                .containsExactly(java.util.Map.entry("code", "X"), java.util.Map.entry("n", "1"));
        assertThat(Json.scalarFields("[1]")).isEmpty();
        assertThat(Json.isObject(" {}")).isTrue();
        assertThat(Json.isObject("[]")).isFalse();
    }

    @Test
    void javaValuesAreWrittenAsJson() {
        java.util.Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("s", "a\"b\u001b");
        value.put("i", 42);
        value.put("l", 1L << 40);
        value.put("d", 1.5);
        value.put("big", new java.math.BigDecimal("1.10"));
        value.put("nan", Double.NaN);
        value.put("list", java.util.Arrays.asList(true, null, new int[0].length));
        value.put("nested", java.util.Map.of("k", java.util.List.of()));
        value.put("other", java.time.Duration.ofSeconds(5));
        assertThat(Json.write(value)).isEqualTo("{\"s\":\"a\\\"b\\u001B\",\"i\":42,\"l\":1099511627776,\"d\":1.5,"
                + "\"big\":1.10,\"nan\":\"NaN\",\"list\":[true,null,0],\"nested\":{\"k\":[]},\"other\":\"PT5S\"}");
        assertThat(Json.write(null)).isEqualTo("null");
        assertThat(Json.write("x")).isEqualTo("\"x\"");
    }

    @Test
    void objectsAreReadByTheStrictMapper() {
        java.util.Map<String, Object> read = Json.readObject(
                "{\"a\": 2, \"b\": 12345678901, \"c\": 123456789012345678901234, \"d\": 2.5, \"e\": [\"x\", null, false],"
                        + " \"f\": {\"g\": {}}}");
        assertThat(read).containsOnlyKeys("a", "b", "c", "d", "e", "f");
        assertThat(read.get("a")).isEqualTo(2);
        assertThat(read.get("b")).isEqualTo(12345678901L);
        assertThat(read.get("c")).isEqualTo(new java.math.BigInteger("123456789012345678901234"));
        assertThat(read.get("d")).isEqualTo(new java.math.BigDecimal("2.5"));
        // a repeated key is refused, here as in the engine, and found before by syntaxError
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.readObject("{\"a\": 1, \"a\": 2}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duplicate field 'a'");
        assertThat(Json.syntaxError("{\"a\": 1, \"a\": 2}")).isEqualTo("line 1, column 13");
        assertThat(read.get("e")).isEqualTo(java.util.Arrays.asList("x", null, false));
        assertThat(read.get("f")).isEqualTo(java.util.Map.of("g", java.util.Map.of()));
        assertThat(Json.write(Json.readObject("{\"z\":[1,{\"y\":\"w\"}]}"))).isEqualTo("{\"z\":[1,{\"y\":\"w\"}]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.readObject("[1]"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.readObject("{\"a\": [1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
