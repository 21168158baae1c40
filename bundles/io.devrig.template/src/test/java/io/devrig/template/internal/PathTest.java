package io.devrig.template.internal;

import static io.devrig.template.internal.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTest {

    static final String DATA = "{`user`:{`name`:`Ann`,`age`:41,`tags`:[`a`,`b`],`address`:{`city`:`Oslo`}},"
            + "`items`:[{`name`:`one`,`price`:1.5},{`name`:`two`,`price`:2}],`flag`:true,`nothing`:null,"
            + "`user name`:`spaced`,`a.b`:`dotted`,`user-id`:7,`$ref`:`#/x`,`prénom`:`Zoé`,`true`:`key true`,"
            + "`0`:`zero key`,`big`:12345678901234567890,`neg`:-3,`ratio`:0.25,`empty`:``,`list`:[],`obj`:{}}";

    @ParameterizedTest(name = "{0} → [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '~', emptyValue = "", value = {
            "{{user.name}}                  | Ann",
            "{{user.address.city}}          | Oslo",
            "{{ user.name }}                | Ann",
            "{{user.age}}                   | 41",
            "{{items[1].name}}              | two",
            "{{items.1.name}}               | two",
            "{{items.[0].name}}             | one",
            "{{user.tags.0}}{{user.tags[1]}} | ab",
            "{{items[0].price}}             | 1.5",
            "{{[user name]}}                | spaced",
            "{{[a.b]}}                      | dotted",
            "{{user-id}}                    | 7",
            "{{$ref}}                       | #/x",
            "{{prénom}}                     | Zoé",
            "{{this.true}}/{{[true]}}       | key true/key true",
            "{{[0]}}                        | zero key",
            "{{this.user.name}}             | Ann",
            "{{@root.user.name}}            | Ann",
            "{{big}}                        | 12345678901234567890",
            "{{neg}} {{ratio}} {{flag}}     | -3 0.25 true",
    })
    void pathsLookUpData(String template, String expected) {
        assertThat(render(template, DATA)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} renders nothing")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{{missing}}",
            "{{user.missing}}",
            "{{missing.deeper.still}}",
            "{{user.name.length}}",
            "{{items[5].name}}",
            "{{items.01}}",
            "{{items.-1}}",
            "{{items.name}}",
            "{{user.tags[99999999999]}}",
            "{{nothing}}",
            "{{nothing.x}}",
            "{{flag.x}}",
            "{{empty}}",
    })
    void missingValuesRenderAsNothing(String template) {
        assertThat(render("[" + template + "]", DATA)).isEqualTo("[]");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{{user.tags}}    | [\"a\",\"b\"]",
            "{{user.address}} | {\"city\":\"Oslo\"}",
            "{{list}}{{obj}}  | []{}",
            "{{items.0}}      | {\"name\":\"one\",\"price\":1.5}",
    })
    void objectsAndArraysRenderAsCompactJson(String template, String expected) {
        assertThat(render(template, DATA)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{{\"text\"}}        | text",
            "{{'single'}}        | single",
            "{{'it\\'s'}}        | it's",
            "{{\"a\\\\b\"}}      | a\\b",
            "{{42}}              | 42",
            "{{-1.5}}            | -1.5",
            "{{true}}/{{false}}  | true/false",
            "[{{null}}]          | []",
    })
    void literalsRenderAsThemselves(String template, String expected) {
        assertThat(render(template, "{}")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{{#each items}}{{this.name}}={{price}};{{/each}}                       | one=1.5;two=2;",
            "{{#each user.tags}}{{@index}}:{{this}} {{/each}}                       | ~0:a 1:b ~",
            "{{#each user.address}}{{@key}}={{this}}{{/each}}                       | city=Oslo",
            "{{#each user.tags}}{{@key}}{{/each}}                                   | 01",
            "{{#each items}}{{#if @first}}[{{/if}}{{name}}{{#if @last}}]{{/if}}{{/each}} | [onetwo]",
            "{{#each items}}{{../user.name}}:{{name}} {{/each}}                     | ~Ann:one Ann:two ~",
            "{{#each items}}{{@root.user.name}}{{/each}}                            | AnnAnn",
            "{{#each items}}{{#each ../user.tags}}{{../name}}{{this}}{{@index}},{{/each}}{{/each}} | onea0,oneb1,twoa0,twob1,",
            "{{#each items}}{{#each ../user.tags}}{{../../user.name}}{{/each}}{{/each}} | AnnAnnAnnAnn",
            "{{#each items}}{{../this.flag}}{{/each}}                               | truetrue",
    })
    void eachContextIndexRootAndParents(String template, String expected) {
        assertThat(render(template, DATA)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "[{{this}}]               | \"s\"                 | [s]",
            "[{{this}}]               | 5                     | [5]",
            "[{{this}}]               | [1,2]                 | [[1,2]]",
            "[{{this.0}}]             | [1,2]                 | [1]",
            "[{{#each this}}{{this}}{{/each}}] | [1,2]         | [12]",
            "[{{a}}]                  | null                  | []",
    })
    void rootMayBeAnyJsonValue(String template, String data, String expected) {
        assertThat(render(template, data)).isEqualTo(expected);
    }
}
