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
        assertThat(JsonPathText.key("$", "")).isEqualTo("$['']");
        assertThat(JsonPathText.key("$", "-a")).isEqualTo("$['-a']");
        assertThat(JsonPathText.key("$", "a1-")).isEqualTo("$.a1-");
        assertThat(JsonPathText.key("$", "é")).isEqualTo("$['é']");
    }

    /** The hand-written check says what the documented pattern says, for every short key over a mixed alphabet. */
    @Test
    void nameCheckAgreesWithThePattern() {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");
        String alphabet = "aZ_$0-9. '\\é\u0000";
        java.util.List<String> keys = new java.util.ArrayList<>(List.of(""));
        for (int length = 1; length <= 3; length++) {
            java.util.List<String> longer = new java.util.ArrayList<>();
            for (String k : keys) {
                if (k.length() == length - 1) {
                    for (char c : alphabet.toCharArray()) {
                        longer.add(k + c);
                    }
                }
            }
            keys.addAll(longer);
        }
        for (String k : keys) {
            assertThat(JsonPathText.isName(k)).as("'%s'", k).isEqualTo(name.matcher(k).matches());
        }
    }
}
