package io.devrig.common.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemInputTest {

    private static final String SCHEMA = """
            {"type": "object", "required": ["repository", "number", "body"],
             "properties": {"repository": {"type": "string"}, "number": {"type": "integer"},
                            "body": {"type": "string"}, "labels": {"type": "array"}}}""";

    @Test
    void requiredFieldsTheInputLacksComeFromTheItemsMetadata() {
        ItemInput.Filled f = ItemInput.fill(Map.of("body", "hi"), SCHEMA,
                Map.of("repository", "octo/hello", "number", 5, "labels", List.of("x"), "body", "the PR's body"));
        assertThat(f.input()).containsExactly(Map.entry("body", "hi"), Map.entry("repository", "octo/hello"),
                Map.entry("number", 5));
        assertThat(f.filled()).containsExactly("repository", "number");
        assertThat(f.missing()).isEmpty();
    }

    @Test
    void theInputWinsEvenWhenItIsNullOrATemplateResult() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("repository", "other/repo");
        input.put("number", null);
        input.put("body", "hi");
        ItemInput.Filled f = ItemInput.fill(input, SCHEMA, Map.of("repository", "octo/hello", "number", 5));
        assertThat(f.input()).isEqualTo(input);
        assertThat(f.filled()).isEmpty();
    }

    @Test
    void optionalFieldsAndFieldsOutsideMetadataAreNeverFilled() {
        ItemInput.Filled f = ItemInput.fill(Map.of(), SCHEMA, Map.of("repository", "octo/hello", "labels",
                List.of("bug")));
        assertThat(f.input()).containsOnlyKeys("repository");
        assertThat(f.missing()).as("schema order; a null metadata value counts as absent").containsExactly("number",
                "body");
    }

    @Test
    void aMetadataValueThatLooksLikeATemplateIsCopiedAsText() {
        ItemInput.Filled f = ItemInput.fill(Map.of(), SCHEMA, Map.of("repository", "{{item.title}}", "number",
                "{{#each x}}", "body", "$(rm -rf /)"));
        assertThat(f.input()).containsEntry("repository", "{{item.title}}").containsEntry("number", "{{#each x}}")
                .containsEntry("body", "$(rm -rf /)");
    }

    @Test
    void noSchemaAnUnreadableOneOrNoRequiredArrayChangesNothing() {
        Map<String, Object> metadata = Map.of("repository", "octo/hello");
        for (String schema : new String[] {null, "{not json", "{\"type\": \"object\"}", "{\"required\": \"x\"}"}) {
            ItemInput.Filled f = ItemInput.fill(Map.of("body", "hi"), schema, metadata);
            assertThat(f.input()).containsExactly(Map.entry("body", "hi"));
            assertThat(f.missing()).isEmpty();
        }
    }
}
