package io.devrig.action.internal;

import static io.devrig.testing.TestJson.plainObject;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.common.path.DataPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which strings are one whole-value <code>{{path}}</code>; the path grammar itself is tested with DataPath. */
class WholeValueTest {

    private final Map<String, Object> data = plainObject(
            "{'nodes':{'fetch-1':{'output':{'items':[{'name':'a'},{'name':'b'}],'labels':{'team.backend':'yes'}}}}}");

    static String path(String value) {
        return ConfigResolver.wholeValue(value).map(DataPath::toString).orElse(null);
    }

    @Test
    void onlyOnePlainPathIsAWholeValue() {
        assertThat(path("{{a.b}}")).isEqualTo("a.b");
        assertThat(path("  {{ items[0] }} ")).isEqualTo("items[0]");
        assertThat(path("{{labels[\"team.backend\"]}}")).isEqualTo("labels[\"team.backend\"]");
        assertThat(path("{{labels.[team.backend]}}")).isEqualTo("labels[\"team.backend\"]");
        assertThat(path("{{[true]}}")).isEqualTo("[\"true\"]");
        assertThat(path("x {{a}}")).isNull();
        assertThat(path("{{a}}{{b}}")).isNull();
        assertThat(path("{{#if a}}x{{/if}}")).isNull();
        assertThat(path("{{(eq a b)}}")).isNull();
        assertThat(path("{{this}}")).isNull();
        assertThat(path("{{true}}")).isNull();
        assertThat(path("{{@root.a}}")).isNull();
        assertThat(path("{{../a}}")).isNull();
        assertThat(path("{{{a}}}")).isNull();
        assertThat(path("\\{{a}}")).isNull();
        assertThat(path("{{'text'}}")).isNull();
        assertThat(path("{{a b}}")).isNull();
    }

    @Test
    void theWholeValueReadsTheDataWithEveryPathSpelling() {
        for (String spelling : new String[] {"nodes.fetch-1.output.items.1.name", "nodes.fetch-1.output.items[1].name",
                "nodes[\"fetch-1\"].output.items[1]['name']"}) {
            assertThat(ConfigResolver.wholeValue("{{" + spelling + "}}").orElseThrow().read(data)).as(spelling)
                    .isEqualTo("b");
        }
        assertThat(ConfigResolver.wholeValue("{{nodes.fetch-1.output.labels[team.backend]}}").orElseThrow().read(data))
                .isEqualTo("yes");
    }
}
