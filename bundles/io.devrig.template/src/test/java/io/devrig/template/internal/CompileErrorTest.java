package io.devrig.template.internal;

import static io.devrig.template.internal.Templates.ENGINE;
import static io.devrig.template.internal.Templates.compileError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.template.TemplateErrors;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompileErrorTest {

    @ParameterizedTest(name = "{0} → {1}:{2} {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '§', value = {
            // unbalanced blocks
            "{{#if a}}x                      | 1 | 1  | '{{#if}}' is never closed with '{{/if}}'",
            "ab{{#each a}}{{#if b}}{{/if}}   | 1 | 3  | '{{#each}}' is never closed",
            "{{/if}}                         | 1 | 1  | '{{/if}}' without a matching '{{#if}}'",
            "x{{#if a}}{{/each}}             | 1 | 11 | '{{/each}}' closes the '{{#if}}' opened at line 1, column 2",
            "{{/unless}}                     | 1 | 1  | unknown block end '{{/unless'",
            // else
            "{{else}}                        | 1 | 1  | '{{else}}' outside '{{#if}}'",
            "{{#each a}}{{else}}{{/each}}    | 1 | 12 | '{{else}}' is only allowed in '{{#if}}'",
            "{{#if a}}{{else}}{{else}}{{/if}} | 1 | 18 | after the final '{{else}}'",
            "{{#if a}}{{else x}}{{/if}}      | 1 | 17 | expected '}}' or 'if' after '{{else', found 'x'",
            "{{#if a}}{{else if}}{{/if}}     | 1 | 10 | '{{else if}}' needs a value",
            // unknown helpers and blocks, arity
            "{{#if (foo a)}}{{/if}}          | 1 | 8  | unknown helper 'foo' (known: and, eq, gt, lt, neq, not, or)",
            "{{ (lookup this 'x') }}         | 1 | 5  | unknown helper 'lookup'",
            "{{#if (eq a)}}{{/if}}           | 1 | 7  | helper 'eq' takes 2 arguments, got 1",
            "{{#if (not a b)}}{{/if}}        | 1 | 7  | helper 'not' takes 1 argument, got 2",
            "{{#if (and a)}}{{/if}}          | 1 | 7  | helper 'and' takes at least 2 arguments, got 1",
            "{{#if ()}}{{/if}}               | 1 | 8  | expected a helper name after '(', found ')'",
            "{{#if (\"eq\" a b)}}{{/if}}     | 1 | 8  | expected a helper name after '('",
            "{{#if (eq a b}}{{/if}}          | 1 | 7  | '(' is never closed with ')'",
            "{{#unless a}}{{/unless}}        | 1 | 1  | unknown block '{{#unless' (known: {{#if}}, {{#each}})",
            "{{#with a}}{{/with}}            | 1 | 1  | unknown block '{{#with'",
            "{{#if}}{{/if}}                  | 1 | 1  | '{{#if}}' needs a value",
            "{{#each}}{{/each}}              | 1 | 1  | '{{#each}}' needs a value",
            "{{#if eq a b}}{{/if}}           | 1 | 7  | to call the helper 'eq', put it in parentheses",
            "{{eq a b}}                      | 1 | 3  | to call the helper 'eq', put it in parentheses: {{ (eq …)}}",
            // bad literals
            "{{\"abc}}                       | 1 | 3  | string literal is never closed",
            "{{'it\\x'}}                     | 1 | 6  | unsupported escape '\\x'",
            "{{01}}                          | 1 | 3  | bad number literal '01'",
            "{{1.2.3}}                       | 1 | 3  | bad number literal '1.2.3'",
            "{{12abc}}                       | 1 | 3  | bad number literal '12abc'",
            "{{1_000}}                       | 1 | 3  | bad number literal '1_000'",
            "{{0x1F}}                        | 1 | 3  | bad number literal '0x1F'",
            "{{1e999}}                       | 1 | 3  | out of range",
            "{{#if (eq a 1.}}{{/if}}         | 1 | 13 | bad number literal '1.'",
            // unclosed and malformed tags
            "abc {{name                      | 1 | 5  | '{{' is never closed with '}}'",
            "abc {{name}                     | 1 | 11 | unexpected '}'; a tag ends with '}}'",
            "{{{name}}                       | 1 | 1  | only allowed when escaping is JSON or HTML",
            "{{}}                            | 1 | 1  | empty tag",
            "{{ a b }}                       | 1 | 6  | expected '}}' after a, found 'b'",
            "{{[a}}                          | 1 | 3  | '[' is never closed with ']'",
            "{{a[]}}                         | 1 | 4  | empty '[]'",
            "{{a.}}                          | 1 | 5  | expected a name after '.', found '}'",
            "{{a..b}}                        | 1 | 5  | expected a name after '.'",
            "x{{! never closed               | 1 | 2  | comment '{{!' is never closed",
            "{{!-- never closed }}           | 1 | 1  | comment '{{!--' is never closed with '--}}'",
            "{{> partial}}                   | 1 | 1  | '{{>' is not supported",
            "{{^a}}{{/a}}                    | 1 | 1  | '{{^' is not supported",
            "{{~a~}}                         | 1 | 1  | '{{~' is not supported",
            "{{{{raw}}}}                     | 1 | 1  | '{{{{' is not supported",
            // data variables and parents
            "{{@index}}                      | 1 | 3  | '@index' is only defined inside {{#each}}",
            "{{@key}}                        | 1 | 3  | '@key' is only defined inside {{#each}}",
            "{{#each a}}{{@index.x}}{{/each}} | 1 | 14 | '@index' has no fields",
            "{{@foo}}                        | 1 | 3  | unknown data variable '@foo'",
            "{{../a}}                        | 1 | 3  | '../a' goes above the top of the data",
            "{{#each a}}{{../../b}}{{/each}} | 1 | 14 | only 1 {{#each}} level enclose it",
            "{{#each a}}{{../@index}}{{/each}} | 1 | 14 | '../' cannot be followed by @index",
            "{{a.this}}                      | 1 | 3  | 'this' can only start a path",
            // positions on later lines, counted in characters
            "§line one\n  {{#if (bad x)}}{{/if}}§ | 2 | 10 | unknown helper 'bad'",
            "§a\r\nb\r\n\t{{a b}}§           | 3 | 6  | expected '}}'",
            "§a\rb {{x y}}§                  | 2 | 7  | expected '}}'",
            "😀😀 {{ a b }}                  | 1 | 9  | expected '}}'",
    })
    void problemsNameLineAndColumn(String template, int line, int column, String message) {
        DevRigException e = compileError(template);
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.getMessage()).contains("line " + line + ", column " + column + ": ").contains(message);
        assertThat(e.error().details()).containsEntry(TemplateErrors.LINE, line).containsEntry(TemplateErrors.COLUMN, column);
        assertThat(ENGINE.validate(template)).isNotEmpty().first().asString()
                .startsWith("line " + line + ", column " + column + ": ");
    }

    @Test
    void validateReportsEveryProblemInOrder() {
        List<String> problems = ENGINE.validate("{{#if (foo a)}}\n{{a b}}\n{{/each}}{{@index}}\n{{#each x}}");
        assertThat(problems).containsExactly(
                "line 1, column 8: unknown helper 'foo' (known: and, eq, gt, lt, neq, not, or)",
                "line 2, column 5: expected '}}' after a, found 'b' (a tag holds one value; helpers are written (eq a b))",
                "line 3, column 1: '{{/each}}' closes the '{{#if}}' opened at line 1, column 1; expected '{{/if}}'",
                "line 3, column 12: '@index' is only defined inside {{#each}}",
                "line 1, column 1: '{{#if}}' is never closed with '{{/if}}'",
                "line 4, column 1: '{{#each}}' is never closed with '{{/each}}'");
        DevRigException e = compileError("{{#if (foo a)}}\n{{a b}}\n{{/each}}{{@index}}\n{{#each x}}");
        assertThat(e.getMessage()).isEqualTo("INVALID_INPUT (permanent): invalid template: " + problems.get(0)
                + " (and 5 more problems)");
        assertThat(e.error().details().get(TemplateErrors.PROBLEMS)).isEqualTo(problems);
    }

    @Test
    void validTemplatesHaveNoProblems() {
        assertThat(ENGINE.validate("")).isEmpty();
        assertThat(ENGINE.validate("plain text } { }} only")).isEmpty();
        assertThat(ENGINE.validate("{{#each a}}{{#if (and (eq @index 0) (not @last))}}{{this}}{{else if @first}}x{{else}}{{../b}}{{/if}}{{/each}}"))
                .isEmpty();
    }

    @Test
    void blocksNestUpTo32Levels() {
        String ok = "{{#if a}}".repeat(32) + "x" + "{{/if}}".repeat(32);
        assertThat(ENGINE.compile(ok).render(Templates.json("{`a`:1}"))).isEqualTo("x");
        String tooDeep = "{{#if a}}".repeat(16) + "{{#each a}}".repeat(17) + "x" + "{{/each}}".repeat(17) + "{{/if}}".repeat(16);
        DevRigException e = compileError(tooDeep);
        assertThat(e.getMessage()).contains("line 1, column " + (16 * 9 + 16 * 11 + 1) + ": blocks nested deeper than 32 levels");
    }

    @Test
    void helperCallsNestUpTo32Levels() {
        String ok = "{{#if " + "(not ".repeat(32) + "a" + ")".repeat(32) + "}}y{{/if}}";
        assertThat(ENGINE.compile(ok).render(Templates.json("{`a`:1}"))).isEqualTo("y");
        String tooDeep = "{{#if " + "(not ".repeat(33) + "a" + ")".repeat(33) + "}}y{{/if}}";
        assertThat(compileError(tooDeep).getMessage()).contains("helper calls nested deeper than 32 levels");
    }

    @Test
    void absurdNestingFailsFastWithoutOverflowingTheStack() {
        String blocks = "{{#if a}}".repeat(200_000);
        String parens = "{{x " + "(".repeat(200_000) + "}}";
        String brackets = "{{" + "a.".repeat(200_000) + "a}}";
        assertThatCode(() -> {
            assertThat(compileError(blocks).getMessage()).contains("line 1, column 289: blocks nested deeper than 32 levels")
                    .contains("(and 19 more problems)");
            assertThat(compileError(parens).code()).isEqualTo(ErrorCodes.INVALID_INPUT);
            assertThat(ENGINE.compile(brackets).render(Templates.json("{}"))).isEmpty();
        }).doesNotThrowAnyException();
        assertThat(ENGINE.validate(blocks)).hasSizeLessThanOrEqualTo(Parser.MAX_PROBLEMS);
    }

    @Test
    void compilingALargeTemplateIsLinear() {
        String big = "Hello {{user.name}}, {{#if (gt n 1)}}many{{else}}one{{/if}}\n".repeat(20_000);
        long start = System.nanoTime();
        var compiled = ENGINE.compile(big);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(compiled.render(Templates.json("{`user`:{`name`:`A`},`n`:2}"))).hasSize(20_000 * "Hello A, many\n".length());
        String comments = "text{{! note }}\\{{".repeat(100_000);
        start = System.nanoTime();
        assertThat(ENGINE.compile(comments).render(null)).hasSize(100_000 * "text{{".length());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
