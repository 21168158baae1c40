package io.devrig.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void duplicateKeysAreRefusedInTreesAndJavaValues() {
        assertThatThrownBy(() -> Json.readTree("{\"a\":1,\"a\":2}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> Json.read("{\"x\":{\"a\":1,\"a\":2}}")).hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"a\":1,\"a\":2}", Map.class))
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void trailingTokensAreRefused() {
        assertThatThrownBy(() -> Json.readTree("{} {}")).hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> Json.readTree("1 2")).hasMessageContaining("line 1, column");
        assertThatThrownBy(() -> Json.readTree("  ")).hasMessageContaining("no JSON value");
    }

    @Test
    void numbersKeepEveryDigitAndTheirScale() {
        String big = "123456789012345678901234567890.123456789012345678901234567890";
        JsonNode n = Json.readTree("{\"d\":" + big + ",\"i\":123456789012345678901234567890,\"s\":1.10,\"e\":0.1}");
        assertThat(n.get("d").decimalValue()).isEqualTo(new BigDecimal(big));
        assertThat(n.get("i").bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(n.get("s").toString()).isEqualTo("1.10");
        assertThat(Json.write(n)).contains(big).contains("\"s\":1.10").contains("\"e\":0.1");
        Map<String, Object> java = Json.readObject("{\"d\":" + big + ",\"n\":7}");
        assertThat(java.get("d")).isEqualTo(new BigDecimal(big));
        assertThat(java.get("n")).isEqualTo(7);
    }

    @Test
    void readObjectWantsAnObject() {
        assertThat(Json.readObject("{\"b\":1,\"a\":[true,null]}")).containsExactly(Map.entry("b", 1),
                Map.entry("a", java.util.Arrays.asList(true, null)));
        assertThatThrownBy(() -> Json.readObject("[1]")).hasMessageContaining("expected a JSON object, found array");
    }

    @Test
    void sortedWritingOrdersMapKeys() {
        assertThat(Json.writeSorted(Map.of("b", 1, "a", List.of(2)))).isEqualTo("{\"a\":[2],\"b\":1}");
    }

    @Test
    void abbreviateCutsLongJson() {
        assertThat(Json.abbreviate(Json.readTree("[1,2,3,4]"), 4)).isEqualTo("[1,2…");
        assertThat(Json.abbreviate(Json.readTree("[1]"), 4)).isEqualTo("[1]");
    }
}
