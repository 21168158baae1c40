package io.devrig.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPathTextTest {

    @Test
    void plainNamesDotsOtherKeysBracketsIndexesBrackets() {
        assertThat(JsonPathText.of(List.of("items", 0, "name"))).isEqualTo("$.items[0].name");
        assertThat(JsonPathText.key("$", "a b")).isEqualTo("$['a b']");
        assertThat(JsonPathText.key("$", "team.backend")).isEqualTo("$['team.backend']");
        assertThat(JsonPathText.key("$", "it's")).isEqualTo("$['it\\'s']");
        assertThat(JsonPathText.key("$", "0")).isEqualTo("$['0']");
        assertThat(JsonPathText.key("$.a", "with-dash_$")).isEqualTo("$.a.with-dash_$");
        assertThat(JsonPathText.key("$", "k".repeat(100))).isEqualTo("$." + "k".repeat(64) + "…");
        assertThat(JsonPathText.of("$.config", List.of())).isEqualTo("$.config");
    }
}
