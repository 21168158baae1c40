package io.devrig.condition.internal;

import static io.devrig.condition.internal.TestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPathTest {

    @Test
    void parsesNamesIndexesAndQuotedNames() {
        assertThat(JsonPath.parse("trigger.payload.items[0].title").segments())
                .containsExactly("trigger", "payload", "items", 0, "title");
        assertThat(JsonPath.parse("labels[\"team.backend\"][2]").segments()).containsExactly("labels", "team.backend", 2);
        assertThat(JsonPath.parse("a['it\\'s']").segments()).containsExactly("a", "it's");
        assertThat(JsonPath.parse("[3].x").segments()).containsExactly(3, "x");
        assertThat(JsonPath.parse("with-dash.with_underscore.with:colon").segments())
                .containsExactly("with-dash", "with_underscore", "with:colon");
        assertThat(JsonPath.parse("").isRoot()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        ".a       | empty name at position 0",
        "a..b     | empty name at position 2",
        "a.       | ends with '.'",
        "a[       | '[' at position 1 is not closed",
        "a[]      | '[]' at position 1 is not an array index",
        "a[-1]    | '[-1]' at position 1 is not an array index",
        "a[1x]    | is not an array index",
        "a]       | unexpected ']' at position 1",
        "a[0]b    | expected '.' or '[' at position 4",
        "a.[0]    | '.' must be followed by a name",
        "a['x     | quoted name at position 2 is not closed",
        "a['x'b]  | quoted name at position 2 must be followed by ']'",
    })
    void refusesMalformedPaths(String path, String message) {
        assertThatThrownBy(() -> JsonPath.parse(path)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void resolvesOrIsAbsent() {
        var root = tree("{'a':{'b':[10,{'c':'x'}]},'n':null,'s':'str'}");
        assertThat(JsonPath.parse("a.b[1].c").resolve(root).textValue()).isEqualTo("x");
        assertThat(JsonPath.parse("a.b.0").resolve(root).intValue()).isEqualTo(10);
        assertThat(JsonPath.parse("n").resolve(root).isNull()).isTrue();
        for (String absent : List.of("a.x", "a.b[2]", "a[0]", "n.x", "s.length", "s[0]", "a.b.first")) {
            assertThat(JsonPath.parse(absent).resolve(root)).as(absent).isNull();
        }
        assertThat(JsonPath.ROOT.resolve(root)).isSameAs(root);
    }
}
