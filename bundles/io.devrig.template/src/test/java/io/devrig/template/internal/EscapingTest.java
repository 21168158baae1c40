package io.devrig.template.internal;

import static io.devrig.template.internal.Templates.ENGINE;
import static io.devrig.template.internal.Templates.JSON;
import static io.devrig.template.internal.Templates.compileError;
import static io.devrig.template.internal.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.template.Escaping;
import io.devrig.api.template.TemplateOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EscapingTest {

    static final TemplateOptions HTML = TemplateOptions.escaping(Escaping.HTML);
    static final TemplateOptions JSON_STRING = TemplateOptions.escaping(Escaping.JSON);

    static String renderValue(String template, String value, TemplateOptions options) {
        ObjectNode data = JSON.createObjectNode().put("v", value);
        return ENGINE.compile(template, options).render(data);
    }

    @Test
    void exactDecimalsPrintWithoutExponentNotation() {
        ObjectNode data = io.devrig.common.json.Json.MAPPER.createObjectNode();
        data.set("data", io.devrig.common.json.Json.readTree("{\"a\": 1e3, \"b\": 1.10, \"c\": 1e-7, \"d\": 1e400}"));
        assertThat(ENGINE.compile("{{data.a}} {{data.b}} {{data.c}} {{data.d}}", TemplateOptions.defaults()).render(data))
                .isEqualTo("1000 1.10 0.0000001 1E+400");
    }

    @Test
    void noneInsertsValuesAsTheyAre() {
        String nasty = "<a href=\"x\" onclick='y'>&`=\\\n\"</a>";
        assertThat(renderValue("{{v}}", nasty, TemplateOptions.defaults())).isEqualTo(nasty);
    }

    @ParameterizedTest(name = "HTML: {0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "&        | &amp;",
            "<        | &lt;",
            ">        | &gt;",
            "\"       | &quot;",
            "'        | &#39;",
            "`        | &#96;",
            "=        | &#61;",
            "<script>alert('x')</script> | &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
            "plain é 😀 | plain é 😀",
    })
    void htmlEscapesMarkupCharacters(String value, String expected) {
        assertThat(renderValue("{{v}}", value, HTML)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "JSON: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "\"          | \\\"",
            "\\          | \\\\",
            "~a\nb~        | a\\nb",
            "~a\rb\tc~     | a\\rb\\tc",
            "~\b\f~        | \\b\\f",
            "~\u0001~      | \\u0001",
            "~\u2028\u2029~ | \\u2028\\u2029",
            "é😀</x>     | é😀</x>",
    })
    void jsonEscapesForAStringLiteral(String value, String expected) {
        assertThat(renderValue("{{v}}", value, JSON_STRING)).isEqualTo(expected);
    }

    @Test
    void jsonEscapesUnpairedSurrogates() {
        assertThat(renderValue("{{v}}", "x\ud800y\udc00", JSON_STRING)).isEqualTo("x\\ud800y\\udc00");
    }

    @Test
    void jsonOutputEmbeddedInAJsonDocumentParsesBackToTheValue() throws Exception {
        String value = "He said \"hi\"\\ \n\t\u0000 \u2028 {\"json\":[1]} 😀";
        String doc = renderValue("{\"text\":\"{{v}}\"}", value, JSON_STRING);
        assertThat(JSON.readTree(doc).get("text").textValue()).isEqualTo(value);
    }

    @Test
    void jsonEscapesObjectsRenderedIntoAString() throws Exception {
        JsonNode data = Templates.json("{`o`:{`a`:`x\\`y`,`n`:[1,null]}}");
        String doc = ENGINE.compile("{\"text\":\"{{o}}\"}", JSON_STRING).render(data);
        assertThat(doc).isEqualTo("{\"text\":\"{\\\"a\\\":\\\"x\\\\\\\"y\\\",\\\"n\\\":[1,null]}\"}");
        assertThat(JSON.readTree(JSON.readTree(doc).get("text").textValue())).isEqualTo(data.get("o"));
    }

    @Test
    void htmlEscapesObjectsToo() {
        assertThat(render("{{o}}", "{`o`:{`a`:`<b>`}}", HTML)).isEqualTo("{&quot;a&quot;:&quot;&lt;b&gt;&quot;}");
    }

    @ParameterizedTest
    @EnumSource(Escaping.class)
    void templateTextIsNeverEscaped(Escaping mode) {
        assertThat(render("<p class=\"x\">\"{{n}}\" & 'more'</p>", "{`n`:1}", TemplateOptions.escaping(mode)))
                .isEqualTo("<p class=\"x\">\"1\" & 'more'</p>");
    }

    @ParameterizedTest
    @EnumSource(value = Escaping.class, names = {"HTML", "JSON"})
    void tripleStashSkipsEscapingWhereEscapingIsOn(Escaping mode) {
        assertThat(renderValue("{{{v}}}|{{{ v }}}", "<\"b\">", TemplateOptions.escaping(mode))).isEqualTo("<\"b\">|<\"b\">");
    }

    @Test
    void tripleStashIsRefusedWithoutEscaping() {
        var e = compileError("a {{{v}}}");
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.getMessage()).contains("line 1, column 3").contains("only allowed when escaping is JSON or HTML");
        assertThat(ENGINE.validate("{{{v}}}", HTML)).isEmpty();
        assertThat(ENGINE.validate("{{{v}}}")).hasSize(1);
    }

    @Test
    void tripleStashMustBeClosedByThreeBraces() {
        assertThat(compileError("{{{name}}", HTML).getMessage()).contains("line 1, column 8: '{{{' must be closed with '}}}'");
    }

    @Test
    void numbersAndBooleansRenderPlain() {
        assertThat(render("{{a}} {{b}} {{c}} {{d}}", "{`a`:1,`b`:-2.5,`c`:true,`d`:1e3}", HTML)).isEqualTo("1 -2.5 true 1000.0");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "\\{{v}}                 | {{v}}",
            "a \\{{ b                | a {{ b",
            "\\{{#if x}}\\{{/if}}     | {{#if x}}{{/if}}",
            "\\\\{{v}}               | \\X",
            "{{\"{{\"}}v}}           | {{v}}",
            "{{'}}'}}                | }}",
            "a\\b \\{ \\}} }}        | a\\b \\{ \\}} }}",
            "x{{! a comment }}y      | xy",
            "x{{!-- has }} inside --}}y | xy",
    })
    void literalBracesBackslashesAndComments(String template, String expected) {
        assertThat(renderValue(template, "X", TemplateOptions.defaults())).isEqualTo(expected);
    }
}
