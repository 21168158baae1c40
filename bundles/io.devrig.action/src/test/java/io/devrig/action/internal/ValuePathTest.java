package io.devrig.action.internal;

import static io.devrig.action.internal.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuePathTest {

    private final Map<String, Object> data = json(
            "{'nodes':{'fetch-1':{'output':{'items':[{'name':'a'},{'name':'b'}],'count':2}}},'map':{'0':'zero'}}");

    @Test
    void readsKeysAndIndicesBothWays() {
        assertThat(ValuePath.parse("nodes.fetch-1.output.items.1.name").get(data)).isEqualTo("b");
        assertThat(ValuePath.parse("nodes.fetch-1.output.items[0].name").get(data)).isEqualTo("a");
        assertThat(ValuePath.parse("nodes.fetch-1.output.count").get(data)).isEqualTo(2);
        assertThat(ValuePath.parse("map.0").get(data)).isEqualTo("zero");
        assertThat(ValuePath.parse("nodes.fetch-1.output.items").get(data)).isInstanceOf(List.class);
    }

    @Test
    void missingStepsGiveNull() {
        assertThat(ValuePath.parse("nodes.other.output").get(data)).isNull();
        assertThat(ValuePath.parse("nodes.fetch-1.output.items[7].name").get(data)).isNull();
        assertThat(ValuePath.parse("nodes.fetch-1.output.items.name").get(data)).isNull();
        assertThat(ValuePath.parse("nodes.fetch-1.output.count.x").get(data)).isNull();
        assertThat(ValuePath.parse("nodes.fetch-1.output.items[99999999999]").get(data)).isNull();
    }

    @Test
    void neverLooksIntoOtherJavaObjects() {
        Map<String, Object> withObject = Map.of("thread", Thread.currentThread(), "text", "abc");
        assertThat(ValuePath.parse("thread.name").get(withObject)).isNull();
        assertThat(ValuePath.parse("text.length").get(withObject)).isNull();
        assertThat(ValuePath.parse("text.class").get(withObject)).isNull();
    }

    @Test
    void refusesMalformedPathsWithWhere() {
        assertThatThrownBy(() -> ValuePath.parse("a..b")).hasMessageContaining("'a..b'").hasMessageContaining("character 3");
        assertThatThrownBy(() -> ValuePath.parse("a.")).hasMessageContaining("ends with a dot");
        assertThatThrownBy(() -> ValuePath.parse("a[x]")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> ValuePath.parse("a[1")).hasMessageContaining("without ']'");
        assertThatThrownBy(() -> ValuePath.parse("a.01")).hasMessageContaining("leading zeros");
        assertThatThrownBy(() -> ValuePath.parse("0.a")).hasMessageContaining("expected a name");
        assertThatThrownBy(() -> ValuePath.parse(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ValuePath.parse("a b")).hasMessageContaining("expected '.' or '['");
    }

    @Test
    void wholeValueOnlyForOnePlainPath() {
        assertThat(ValuePath.wholeValue("{{a.b}}")).map(ValuePath::toString).contains("a.b");
        assertThat(ValuePath.wholeValue("  {{ items[0] }} ")).map(ValuePath::toString).contains("items[0]");
        assertThat(ValuePath.wholeValue("x {{a}}")).isEmpty();
        assertThat(ValuePath.wholeValue("{{a}}{{b}}")).isEmpty();
        assertThat(ValuePath.wholeValue("{{#if a}}x{{/if}}")).isEmpty();
        assertThat(ValuePath.wholeValue("{{(eq a b)}}")).isEmpty();
        assertThat(ValuePath.wholeValue("{{this}}")).isEmpty();
        assertThat(ValuePath.wholeValue("{{true}}")).isEmpty();
        assertThat(ValuePath.wholeValue("{{@root.a}}")).isEmpty();
        assertThat(ValuePath.wholeValue("{{../a}}")).isEmpty();
        assertThat(ValuePath.wholeValue("{{{a}}}")).isEmpty();
        assertThat(ValuePath.wholeValue("\\{{a}}")).isEmpty();
        assertThat(ValuePath.wholeValue("{{'text'}}")).isEmpty();
    }
}
