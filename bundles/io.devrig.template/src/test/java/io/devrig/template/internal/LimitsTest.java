package io.devrig.template.internal;

import static io.devrig.template.internal.Templates.ENGINE;
import static io.devrig.template.internal.Templates.JSON;
import static io.devrig.template.internal.Templates.render;
import static io.devrig.template.internal.Templates.renderError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.template.Escaping;
import io.devrig.api.template.TemplateErrors;
import io.devrig.api.template.TemplateOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LimitsTest {

    static final TemplateOptions STRICT = TemplateOptions.defaults().withStrict(true);

    @Test
    void defaults() {
        TemplateOptions d = TemplateOptions.defaults();
        assertThat(d.escaping()).isEqualTo(Escaping.NONE);
        assertThat(d.strict()).isFalse();
        assertThat(d.maxOutputChars()).isEqualTo(1_048_576);
        assertThat(d.maxIterations()).isEqualTo(100_000);
        assertThat(d.withStrict(true).withStrict(false)).isEqualTo(d).hasSameHashCodeAs(d);
        assertThatThrownBy(() -> d.withMaxOutputChars(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxIterations(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withEscaping(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void outputUpToTheLimitIsFine() {
        TemplateOptions ten = TemplateOptions.defaults().withMaxOutputChars(10);
        assertThat(render("{{#each v}}ab{{/each}}", "{`v`:[1,2,3,4,5]}", ten)).isEqualTo("ababababab");
    }

    @Test
    void outputBeyondTheLimitIsAnError() {
        TemplateOptions ten = TemplateOptions.defaults().withMaxOutputChars(10);
        DevRigException e = renderError("{{#each v}}ab{{/each}}", "{`v`:[1,2,3,4,5,6]}", ten);
        assertThat(e.code()).isEqualTo(TemplateErrors.TEMPLATE_OUTPUT_TOO_LARGE);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.getMessage()).contains("exceed 10 characters");
        assertThat(e.error().details()).containsEntry(TemplateErrors.LIMIT, 10);
    }

    @Test
    void escapingCountsTowardsTheLimit() {
        TemplateOptions html = TemplateOptions.escaping(Escaping.HTML).withMaxOutputChars(10);
        assertThat(renderError("{{v}}", "{`v`:`<<<`}", html).code()).isEqualTo(TemplateErrors.TEMPLATE_OUTPUT_TOO_LARGE);
    }

    @Test
    void aHugeValueIsRefusedBeforeItIsCopied() {
        String huge = "x".repeat(5_000_000);
        ObjectNode data = JSON.createObjectNode().put("v", huge);
        var t = ENGINE.compile("{{v}}");
        assertThatThrownBy(() -> t.render(data)).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(TemplateErrors.TEMPLATE_OUTPUT_TOO_LARGE));
        ArrayNode many = JSON.createArrayNode();
        for (int i = 0; i < 200_000; i++) {
            many.add("item number " + i);
        }
        assertThatThrownBy(() -> t.render(JSON.createObjectNode().set("v", many))).isInstanceOfSatisfying(
                DevRigException.class, e -> assertThat(e.code()).isEqualTo(TemplateErrors.TEMPLATE_OUTPUT_TOO_LARGE));
    }

    @Test
    void eachOverAHugeArrayStopsAtTheIterationLimit() {
        ArrayNode big = JSON.createArrayNode();
        for (int i = 0; i < 1_000_000; i++) {
            big.add(i);
        }
        var t = ENGINE.compile("x\n  {{#each v}}{{/each}}");
        DevRigException e = org.assertj.core.api.Assertions.catchThrowableOfType(DevRigException.class,
                () -> t.render(JSON.createObjectNode().set("v", big)));
        assertThat(e.code()).isEqualTo(TemplateErrors.TEMPLATE_TOO_MANY_ITERATIONS);
        assertThat(e.getMessage()).contains("line 2, column 3").contains("more than 100000");
        assertThat(e.error().details()).containsEntry(TemplateErrors.LINE, 2).containsEntry(TemplateErrors.COLUMN, 3)
                .containsEntry(TemplateErrors.LIMIT, 100_000);
    }

    @Test
    void theIterationLimitCountsAllLoopsOfARender() {
        TemplateOptions nine = TemplateOptions.defaults().withMaxIterations(9);
        String nested = "{{#each v}}{{#each ../v}}.{{/each}}{{/each}}";
        // 3 outer + 9 inner = 12 iterations > 9
        assertThat(renderError(nested, "{`v`:[1,2,3]}", nine).code()).isEqualTo(TemplateErrors.TEMPLATE_TOO_MANY_ITERATIONS);
        assertThat(render(nested, "{`v`:[1,2]}", nine)).isEqualTo("....");
        // each render starts from zero
        var t = ENGINE.compile(nested, nine);
        for (int i = 0; i < 5; i++) {
            assertThat(t.render(Templates.json("{`v`:[1,2]}"))).isEqualTo("....");
        }
    }

    @Test
    void zeroIterationsAllowsOnlyEmptyLoops() {
        TemplateOptions none = TemplateOptions.defaults().withMaxIterations(0);
        assertThat(render("[{{#each v}}x{{/each}}]", "{`v`:[]}", none)).isEqualTo("[]");
        assertThat(renderError("{{#each v}}x{{/each}}", "{`v`:[1]}", none).code())
                .isEqualTo(TemplateErrors.TEMPLATE_TOO_MANY_ITERATIONS);
    }

    @Test
    void aSelfNestedLoopOverCyclicLookingDataIsCapped() {
        // every level holds the same list again: 10^32 iterations if nothing stopped it
        String t = "{{#each v}}".repeat(32) + "." + "{{/each}}".repeat(32);
        ObjectNode node = JSON.createObjectNode();
        ArrayNode list = node.putArray("v");
        for (int i = 0; i < 10; i++) {
            list.add(node);
        }
        DevRigException e = org.assertj.core.api.Assertions.catchThrowableOfType(DevRigException.class,
                () -> ENGINE.compile(t).render(node));
        assertThat(e.code()).isEqualTo(TemplateErrors.TEMPLATE_TOO_MANY_ITERATIONS);
    }

    @Test
    void aCyclicTreeIsReportedNotOverflowed() {
        ObjectNode cyclic = JSON.createObjectNode().put("name", "loop");
        cyclic.set("self", cyclic);
        assertThat(ENGINE.compile("{{self.self.self.name}}").render(cyclic)).isEqualTo("loop");
        assertThat(ENGINE.compile("{{#each self}}{{@key}};{{/each}}").render(cyclic)).isEqualTo("name;self;");
        for (String template : new String[] {"{{self}}", "{{#if (eq self self)}}{{/if}}", "{{#each self}}{{this}}{{/each}}"}) {
            assertThatThrownBy(() -> ENGINE.compile(template).render(cyclic)).as(template)
                    .isInstanceOfSatisfying(DevRigException.class,
                            e -> assertThat(e.code()).isEqualTo(TemplateErrors.TEMPLATE_DATA_TOO_DEEP));
        }
    }

    @Test
    void deeplyNestedDataIsReportedNotOverflowed() {
        JsonNode deep = JSON.createArrayNode();
        for (int i = 0; i < 5_000; i++) {
            deep = JSON.createArrayNode().add(deep);
        }
        JsonNode data = JSON.createObjectNode().set("v", deep);
        assertThatThrownBy(() -> ENGINE.compile("{{v}}").render(data)).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(TemplateErrors.TEMPLATE_DATA_TOO_DEEP));
        JsonNode shallow = JSON.createObjectNode().set("v", JSON.createArrayNode().add(JSON.createArrayNode()));
        assertThat(ENGINE.compile("{{v}}").render(shallow)).isEqualTo("[[]]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{a}}", "{{b.c}}", "{{x.y.z}}", "{{#each missing}}{{/each}}", "{{#each list}}{{nope}}{{/each}}",
        "{{#each list}}{{this.b}}{{/each}}", "{{#each b}}{{/each}}{{@root.list.1}}"})
    void strictModeRefusesMissingValues(String template) {
        DevRigException e = renderError("x " + template, "{`b`:{},`list`:[{}]}", STRICT);
        assertThat(e.code()).isEqualTo(TemplateErrors.TEMPLATE_MISSING_VALUE);
        assertThat(e.getMessage()).contains("line 1, column").contains("is missing from the data (strict mode)");
        assertThat(e.error().details()).containsKeys(TemplateErrors.LINE, TemplateErrors.COLUMN, TemplateErrors.PATH);
        assertThat(render("x " + template, "{`b`:{},`list`:[{}]}")).startsWith("x ");
    }

    @Test
    void strictModeNamesThePathAndPosition() {
        DevRigException e = renderError("Hi\n {{user.name}}", "{`user`:{}}", STRICT);
        assertThat(e.getMessage()).isEqualTo("TEMPLATE_MISSING_VALUE (permanent): line 2, column 4: 'user.name' is missing "
                + "from the data (strict mode)");
        assertThat(e.error().details()).containsEntry(TemplateErrors.PATH, "user.name");
    }

    @Test
    void strictModeStillAllowsTestsAndNulls() {
        String t = "{{#if opt}}A{{else}}B{{/if}}{{#if (eq opt null)}}C{{/if}}{{#if (not opt.deeper)}}D{{/if}}[{{n}}]";
        assertThat(render(t, "{`n`:null}", STRICT)).isEqualTo("BCD[]");
    }

    @Test
    void strictModeDoesNotHideTheValueInTheMessage() {
        DevRigException e = renderError("{{secret.missing}}", "{`secret`:`hunter2`}", STRICT);
        assertThat(e.getMessage()).doesNotContain("hunter2");
        assertThat(e.error().details().values()).noneMatch(v -> String.valueOf(v).contains("hunter2"));
    }
}
