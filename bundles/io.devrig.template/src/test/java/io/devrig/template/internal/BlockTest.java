package io.devrig.template.internal;

import static io.devrig.template.internal.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockTest {

    static final String DATA = "{`status`:`open`,`n`:5,`m`:5.0,`s`:`5`,`yes`:true,`no`:false,`zero`:0,`none`:null,"
            + "`name`:`Bob`,`other`:`Carl`,`list`:[1,2],`list2`:[1,2],`obj`:{`a`:1,`b`:[true]},`obj2`:{`b`:[true],`a`:1.0},"
            + "`d1`:`2024-01-31`,`d2`:`2024-02-01`,`big`:99999999999999999999,`small`:0.1}";

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            // eq
            "{{#if (eq status \"open\")}}Y{{else}}N{{/if}}  | Y",
            "{{#if (eq status 'closed')}}Y{{else}}N{{/if}}  | N",
            "{{#if (eq n 5)}}Y{{else}}N{{/if}}              | Y",
            "{{#if (eq n m)}}Y{{else}}N{{/if}}              | Y",
            "{{#if (eq n 5.0)}}Y{{else}}N{{/if}}            | Y",
            "{{#if (eq n s)}}Y{{else}}N{{/if}}              | N",
            "{{#if (eq s \"5\")}}Y{{else}}N{{/if}}          | Y",
            "{{#if (eq yes true)}}Y{{else}}N{{/if}}         | Y",
            "{{#if (eq none null)}}Y{{else}}N{{/if}}        | Y",
            "{{#if (eq missing null)}}Y{{else}}N{{/if}}     | Y",
            "{{#if (eq missing none)}}Y{{else}}N{{/if}}     | Y",
            "{{#if (eq zero false)}}Y{{else}}N{{/if}}       | N",
            "{{#if (eq list list2)}}Y{{else}}N{{/if}}       | Y",
            "{{#if (eq obj obj2)}}Y{{else}}N{{/if}}         | Y",
            "{{#if (eq list obj)}}Y{{else}}N{{/if}}         | N",
            "{{#if (eq big 99999999999999999999)}}Y{{else}}N{{/if}} | Y",
            "{{#if (eq small 0.1)}}Y{{else}}N{{/if}}        | Y",
            // neq
            "{{#if (neq status \"open\")}}Y{{else}}N{{/if}} | N",
            "{{#if (neq name other)}}Y{{else}}N{{/if}}      | Y",
            "{{#if (neq n s)}}Y{{else}}N{{/if}}             | Y",
            // gt / lt
            "{{#if (gt n 3)}}Y{{else}}N{{/if}}              | Y",
            "{{#if (gt n 5)}}Y{{else}}N{{/if}}              | N",
            "{{#if (gt n 4.99)}}Y{{else}}N{{/if}}           | Y",
            "{{#if (lt n 10)}}Y{{else}}N{{/if}}             | Y",
            "{{#if (lt n -10)}}Y{{else}}N{{/if}}            | N",
            "{{#if (lt d1 d2)}}Y{{else}}N{{/if}}            | Y",
            "{{#if (gt name other)}}Y{{else}}N{{/if}}       | N",
            "{{#if (gt s 1)}}Y{{else}}N{{/if}}              | N",
            "{{#if (lt s 9)}}Y{{else}}N{{/if}}              | N",
            "{{#if (gt missing 0)}}Y{{else}}N{{/if}}        | N",
            "{{#if (lt missing 0)}}Y{{else}}N{{/if}}        | N",
            "{{#if (gt big n)}}Y{{else}}N{{/if}}            | Y",
            // and / or / not
            "{{#if (and yes n)}}Y{{else}}N{{/if}}           | Y",
            "{{#if (and yes n zero)}}Y{{else}}N{{/if}}      | N",
            "{{#if (or no zero none)}}Y{{else}}N{{/if}}     | N",
            "{{#if (or no zero name)}}Y{{else}}N{{/if}}     | Y",
            "{{#if (not no)}}Y{{else}}N{{/if}}              | Y",
            "{{#if (not name)}}Y{{else}}N{{/if}}            | N",
            "{{#if (not missing)}}Y{{else}}N{{/if}}         | Y",
            "{{#if (and (eq status \"open\") (or (gt n 10) (not no)))}}Y{{else}}N{{/if}} | Y",
            "{{#if (not (not (not (not yes))))}}Y{{else}}N{{/if}} | Y",
            // helper results can be printed
            "{{(eq n 5)}} {{(gt n 9)}}                      | true false",
    })
    void helpers(String template, String expected) {
        assertThat(render(template, DATA)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is truthy: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "false       | false",
            "null        | false",
            "0           | false",
            "0.0         | false",
            "-0.0        | false",
            "``          | false",
            "[]          | false",
            "true        | true",
            "1           | true",
            "-1          | true",
            "0.001       | true",
            "`0`         | true",
            "`false`     | true",
            "` `         | true",
            "[0]         | true",
            "[null]      | true",
            "{}          | true",
            "{`a`:false} | true",
    })
    void truthinessFollowsHandlebars(String value, boolean truthy) {
        String data = "{`v`:" + value + "}";
        assertThat(render("{{#if v}}T{{else}}F{{/if}}", data)).isEqualTo(truthy ? "T" : "F");
        assertThat(render("{{#if (not v)}}F{{else}}T{{/if}}", data)).isEqualTo(truthy ? "T" : "F");
    }

    @Test
    void aMissingValueIsFalse() {
        assertThat(render("{{#if v}}T{{else}}F{{/if}}", "{}")).isEqualTo("F");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{{#if yes}}A{{/if}}                                        | A",
            "[{{#if no}}A{{/if}}]                                       | []",
            "{{#if no}}A{{else if zero}}B{{else if n}}C{{else}}D{{/if}} | C",
            "{{#if no}}A{{else if zero}}B{{else if none}}C{{else}}D{{/if}} | D",
            "[{{#if no}}A{{else if zero}}B{{/if}}]                      | []",
            "{{#if yes}}{{#if no}}A{{else}}{{#if n}}B{{/if}}{{/if}}{{/if}} | B",
            "{{#if yes}}1{{#if yes}}2{{#if no}}x{{else}}3{{/if}}{{/if}}{{/if}} | 123",
            "{{#if (eq status 'open')}}{{name}} is open{{/if}}         | Bob is open",
    })
    void ifElseAndNesting(String template, String expected) {
        assertThat(render(template, DATA)).isEqualTo(expected);
    }

    @Test
    void ifDoesNotChangeTheContext() {
        assertThat(render("{{#if obj}}{{name}}{{/if}}", DATA)).isEqualTo("Bob");
    }

    @ParameterizedTest(name = "{0} over {1} → [{2}]")
    @CsvSource(delimiter = '|', quoteCharacter = '~', emptyValue = "", value = {
            "{{#each v}}<{{this}}>{{/each}}                  | [1,2,3]                | <1><2><3>",
            "{{#each v}}<{{this}}>{{/each}}                  | []                     | ''",
            "{{#each v}}<{{this}}>{{/each}}                  | {}                     | ''",
            "{{#each v}}<{{@key}}={{this}}>{{/each}}         | {`x`:1,`y`:`z`}        | <x=1><y=z>",
            "{{#each v}}<{{this}}>{{/each}}                  | `a string`             | ''",
            "{{#each v}}<{{this}}>{{/each}}                  | 42                     | ''",
            "{{#each v}}<{{this}}>{{/each}}                  | null                   | ''",
            "{{#each v}}{{@index}}{{/each}}                  | [`a`,`b`,`c`]          | 012",
            "{{#each v}}{{#each this}}{{this}}{{/each}};{{/each}} | [[1,2],[],[3]]    | 12;;3;",
            "{{#each v}}{{#if this}}{{this}}{{else}}-{{/if}}{{/each}} | [1,0,``,`a`,null,[]] | 1--a--",
            "{{#each v}}{{#if @last}}{{this}}{{else}}{{this}},{{/if}}{{/each}} | [`a`,`b`,`c`] | 'a,b,c'",
            "{{#each v}}{{this.n}}{{/each}}                  | [{`n`:1},{},{`n`:3}]   | 13",
    })
    void each(String template, String value, String expected) {
        assertThat(render(template, "{`v`:" + value + "}")).isEqualTo(expected.equals("''") ? "" : expected.replace("'", ""));
    }

    @Test
    void anEmptyListIsHandledWithIf() {
        String t = "{{#if v}}{{#each v}}{{this}}{{/each}}{{else}}none{{/if}}";
        assertThat(render(t, "{`v`:[]}")).isEqualTo("none");
        assertThat(render(t, "{`v`:[7]}")).isEqualTo("7");
    }

    @Test
    void seedExamplesRender() {
        String data = "{`trigger`:{`type`:`webhook`,`payload`:{`user`:{`name`:`Ann`}}},"
                + "`nodes`:{`check_status`:{`output`:{`code`:200}},`fetch_items`:{`output`:{`items`:[{`name`:`a`},{`name`:`b`}]}}}}";
        assertThat(render("Hello {{trigger.payload.user.name}}", data)).isEqualTo("Hello Ann");
        assertThat(render("Status is {{nodes.check_status.output.code}}", data)).isEqualTo("Status is 200");
        assertThat(render("{{#if (eq trigger.type 'webhook')}}Webhook{{else}}Other{{/if}}", data)).isEqualTo("Webhook");
        assertThat(render("Items: {{#each nodes.fetch_items.output.items}}{{this.name}}, {{/each}}", data))
                .isEqualTo("Items: a, b, ");
    }

    @Test
    void textAroundAndBetweenTagsIsKeptExactly() {
        String t = "Line 1\r\n\t{{#if yes}}  indented {{name}}\n{{/if}}end }} { } {x}";
        assertThat(render(t, DATA)).isEqualTo("Line 1\r\n\t  indented Bob\nend }} { } {x}");
    }
}
