package io.devrig.common.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.common.json.Json;
import io.devrig.common.path.DataPath.Segment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataPathTest {

    static final JsonNode DATA = Json.readTree(("{`trigger`:{`payload`:{`items`:[{`title`:`First`},{`title`:`Second`}],"
            + "`labels`:{`team.backend`:`yes`,`a b`:`spaced`,`it's`:`quoted`,`0`:`zero key`}}},"
            + "`with-dash`:{`with_underscore`:{`with:colon`:1}},`first name`:`Ann`,`n`:null}").replace('`', '"'));

    static List<Object> keys(String path) {
        return DataPath.parse(path).segments().stream()
                .map(s -> s.index() >= 0 ? (Object) s.index() : s.key()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        // the grammar
        "trigger.payload.items[0].title               | First",
        "trigger.payload.labels[\"team.backend\"]     | yes",
        "trigger.payload.labels['team.backend']       | yes",
        "trigger.payload.labels[\"a b\"]              | spaced",
        "trigger.payload.labels['it\\'s']             | quoted",
        "trigger.payload.labels[\"it's\"]             | quoted",
        "trigger.payload.items.1.title                | Second",
        // older spellings that keep working
        "trigger.payload.labels[team.backend]         | yes",
        "trigger.payload.labels.[team.backend]        | yes",
        "trigger.payload.labels[a b]                  | spaced",
        "trigger.payload.items.[1].title              | Second",
        "with-dash.with_underscore.with:colon         | 1",
        "first name                                   | Ann",
        "trigger.payload.labels.0                     | zero key",
        "trigger.payload.labels[0]                    | zero key",
        "~  trigger.payload.items[1].title ~          | Second",
    })
    void readsEverySpelling(String path, String expected) {
        assertThat(DataPath.parse(path).get(DATA).asText()).isEqualTo(expected);
    }

    @Test
    void segments() {
        assertThat(keys("trigger.payload.items[0].title")).containsExactly("trigger", "payload", "items", 0, "title");
        assertThat(keys("labels[\"team.backend\"][2]")).containsExactly("labels", "team.backend", 2);
        assertThat(keys("[3].x")).containsExactly(3, "x");
        assertThat(keys("0.a")).containsExactly(0, "a");
        assertThat(keys("a.01")).containsExactly("a", "01");
        assertThat(DataPath.parse("a[\"0\"]").segments().get(1)).isEqualTo(new Segment("0", -1, true));
        assertThat(DataPath.parse("a[99999999999]").segments().get(1).index()).isEqualTo(Integer.MAX_VALUE);
        assertThat(DataPath.parse("").isRoot()).isTrue();
        assertThat(DataPath.parse("  ")).isSameAs(DataPath.ROOT);
    }

    @Test
    void missingIsNullInTreesAndMissingInJava() {
        for (String absent : List.of("trigger.x", "trigger.payload.items[2]", "trigger[0]", "n.x", "first name.length",
                "trigger.payload.items.first", "trigger.payload.items[\"0\"]", "trigger.payload.items[99999999999]")) {
            assertThat(DataPath.parse(absent).get(DATA)).as(absent).isNull();
        }
        assertThat(DataPath.parse("n").get(DATA).isNull()).isTrue();
        assertThat(DataPath.ROOT.get(DATA)).isSameAs(DATA);
        Map<String, Object> java = new java.util.HashMap<>(Map.of("list", List.of("a", "b"), "tree", DATA));
        java.put("nothing", null);
        assertThat(DataPath.parse("list[1]").read(java)).isEqualTo("b");
        assertThat(DataPath.parse("list.5").read(java)).isSameAs(DataPath.MISSING);
        assertThat(DataPath.parse("nothing").read(java)).isNull();
        assertThat(DataPath.parse("other").read(java)).isSameAs(DataPath.MISSING);
        assertThat(DataPath.parse("tree.first name").read(java)).isEqualTo(DATA.get("first name"));
    }

    @Test
    void neverLooksIntoOtherJavaObjects() {
        Map<String, Object> data = Map.of("thread", Thread.currentThread(), "text", "abc");
        assertThat(DataPath.parse("thread.name").read(data)).isSameAs(DataPath.MISSING);
        assertThat(DataPath.parse("text.length").read(data)).isSameAs(DataPath.MISSING);
        assertThat(DataPath.parse("text.class").read(data)).isSameAs(DataPath.MISSING);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        ".a        | at character 1: expected a name, found '.'",
        "a..b      | at character 3: expected a name after '.', found '.'",
        "a.        | at character 3: expected a name after '.', found the end",
        "a[        | at character 2: '[' is never closed with ']'",
        "a[]       | at character 2: empty '[]'",
        "a]        | at character 2: unexpected ']'",
        "a[0]b     | at character 5: expected '.' or '[' after a segment, found 'b'",
        "a['x      | at character 2: the quoted key is never closed",
        "a['x'b]   | at character 6: a quoted key must be followed by ']'",
    })
    void malformedPathsSayWhatAndWhere(String path, String message) {
        assertThatThrownBy(() -> DataPath.parse(path)).isInstanceOf(DataPath.SyntaxException.class)
                .hasMessageStartingWith("invalid data path '" + path + "'").hasMessageContaining(message);
    }

    @Test
    void longPathsAreLinearNotRecursive() {
        DataPath deep = DataPath.parse("a" + ".a".repeat(200_000));
        assertThat(deep.segments()).hasSize(200_001);
        assertThat(deep.get(DATA)).isNull();
    }

    @Test
    void embeddedPathsStopAtTheFirstCharacterThatIsNotTheirs() {
        DataPath.Embedded e = DataPath.parseEmbedded("{{ user.tags[0] }}", 3, false);
        assertThat(e.end()).isEqualTo(15);
        assertThat(e.path().toString()).isEqualTo("user.tags[0]");
        assertThat(DataPath.parseEmbedded("(eq a.b c)", 4, false).end()).isEqualTo(7);
        assertThat(DataPath.parseEmbedded("x[\"a }} b\"]}}", 0, false).path().segments().get(1).key()).isEqualTo("a }} b");
        assertThat(DataPath.parseEmbedded("@root.a.b}}", 5, true).path().toString()).isEqualTo("a.b");
        assertThat(DataPath.parseEmbedded("with:colon", 0, false).end()).isEqualTo(4);
        assertThatThrownBy(() -> DataPath.parseEmbedded("{{a.}}", 2, false))
                .isInstanceOfSatisfying(DataPath.SyntaxException.class, ex -> {
                    assertThat(ex.position()).isEqualTo(4);
                    assertThat(ex.reason()).isEqualTo("expected a name after '.', found '}'");
                });
        assertThatThrownBy(() -> DataPath.parseEmbedded("{{a[b}}", 2, false))
                .isInstanceOfSatisfying(DataPath.SyntaxException.class, ex -> assertThat(ex.position()).isEqualTo(3));
        assertThatThrownBy(() -> DataPath.parseEmbedded("0a", 0, false)).hasMessageContaining("expected a name");
    }

    @Test
    void canonicalSpellingAndErrorPaths() {
        assertThat(DataPath.parse("labels[team.backend]").toString()).isEqualTo("labels[\"team.backend\"]");
        assertThat(DataPath.parse("items.0.with:colon").toString()).isEqualTo("items[0][\"with:colon\"]");
        assertThat(DataPath.parse("[this].x").toString()).isEqualTo("[\"this\"].x");
        assertThat(DataPath.parse(DataPath.parse("a['q\"x'].b").toString()).get(
                Json.readTree("{\"a\":{\"q\\\"x\":{\"b\":1}}}")).intValue()).isEqualTo(1);
        assertThat(DataPath.parse("order.lines.0.unit price").jsonPath("$.items[3]"))
                .isEqualTo("$.items[3].order.lines[0]['unit price']");
        assertThat(DataPath.parse("a.b").subPath(1)).isEqualTo(DataPath.parse("b"));
        assertThat(DataPath.parse("labels[\"x\"]")).isEqualTo(DataPath.parse("labels.x"));
    }
}
