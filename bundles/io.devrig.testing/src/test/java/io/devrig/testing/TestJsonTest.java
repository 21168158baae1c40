package io.devrig.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestJsonTest {

    @Test
    void singleQuotesStandForDoubleQuotes() {
        assertThat(TestJson.j("{'a':'b'}")).isEqualTo("{\"a\":\"b\"}");
        Map<String, Object> object = TestJson.object("{'b':null,'a':[1,'x']}");
        assertThat(object.keySet()).containsExactly("b", "a");
        assertThat(object.get("a")).isEqualTo(List.of(1, "x"));
        assertThat(TestJson.tree("{'a':1}").get("a").intValue()).isEqualTo(1);
        assertThat(TestJson.write(TestJson.value("{'a':1.10}"))).isEqualTo("{\"a\":1.10}");
    }

    @Test
    void decimalsAreExactOrPlain() {
        assertThat(TestJson.value("[0.1]")).isEqualTo(List.of(new BigDecimal("0.1")));
        assertThat(TestJson.plain("[0.1, 2]")).isEqualTo(List.of(0.1, 2));
        assertThat(TestJson.plainObject("{'a':1.5}")).isEqualTo(Map.of("a", 1.5));
        assertThat(TestJson.plainTree("[1e3]").get(0).isDouble()).isTrue();
        assertThat(TestJson.tree("[1e3]").get(0).decimalValue()).isEqualByComparingTo("1000");
        assertThatThrownBy(() -> TestJson.plainObject("[1]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readingIsStrict() {
        assertThatThrownBy(() -> TestJson.object("{'a':1,'a':2}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestJson.value("1 2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestJson.plain("{'a':1,'a':2}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestJson.plainTree("{'a':1,'a':2}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherMarkLeavesApostrophes() {
        TestJson backticks = TestJson.quotedBy('`');
        assertThat(backticks.readObject("{`s`:`it's`}")).containsEntry("s", "it's");
    }
}
