package io.devrig.flow.internal;

import static io.devrig.flow.internal.Fixtures.CODEC;
import static io.devrig.flow.internal.Fixtures.VALIDATOR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.common.schema.CompiledSchema;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A definition written exactly in the shape of seed architecture §5.2 (and §15.2 retry policies). */
class SeedDefinitionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String seed() throws Exception {
        try (InputStream in = SeedDefinitionTest.class.getResourceAsStream("/seed-workflow.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSeedsShapeImportsWithoutAProblem() throws Exception {
        WorkflowDefinition d = CODEC.parse(seed());
        ValidationReport report = VALIDATOR.validate(d, false, type -> true);
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(d.edges()).extracting(e -> e.source() + "->" + e.target())
                .containsExactly("fetch->summarize", "fetch->label", "summarize->done", "label->done");
        assertThat(d.nodes().get(0).pluginId()).isEqualTo("io.devrig.plugin.github");
        assertThat(d.nodes().get(2).retryPolicy().strategy()).isEqualTo(RetryPolicy.Strategy.LINEAR);
        assertThat(d.trigger().type()).isEqualTo("webhook");
        assertThat(d.trigger().config()).containsEntry("path", "/hooks/issues");
        assertThat(d.entryConditions()).hasSize(1);
        assertThat(d.metadata()).containsEntry("author", "ops");
        assertThat(d.createdAt()).isEqualTo("2026-12-01T09:00:00.000Z");
    }

    @Test
    void itExportsCanonicallyAndNothingElseChanges() throws Exception {
        JsonNode out = JSON.readTree(CODEC.toJson(CODEC.parse(seed())));
        ObjectNode expected = (ObjectNode) JSON.readTree(seed());
        expected.put("schemaVersion", WorkflowDefinition.SCHEMA_VERSION);
        for (JsonNode e : expected.get("edges")) {
            ((ObjectNode) e).set("source", ((ObjectNode) e).remove("sourceNodeId"));
            ((ObjectNode) e).set("target", ((ObjectNode) e).remove("targetNodeId"));
        }
        // the label node's policy names no retryOn: the export writes the default
        ((ObjectNode) expected.at("/nodes/2/retryPolicy")).putArray("retryOn").add("transient").add("resource").add("timeout");
        assertThat(out).isEqualTo(expected);
        assertThat(out.toString()).doesNotContain("sourceNodeId", "targetNodeId");
        // the export is what the published schema describes, and reads back to itself
        CompiledSchema published = CompiledSchema.resource(DefinitionCodec.class, DefinitionCodec.SCHEMA_RESOURCE);
        assertThat(published.problems(out, "$")).isEmpty();
        assertThat(JSON.readTree(CODEC.toJson(CODEC.parse(out.toString())))).isEqualTo(out);
    }

    @Test
    void theSeedsEdgeNamesNextToTheCanonicalOnesAreOneProblem() throws Exception {
        String both = seed().replace("{\"id\": \"e1\", \"sourceNodeId\": \"fetch\"",
                "{\"id\": \"e1\", \"source\": \"fetch\", \"sourceNodeId\": \"fetch\"");
        assertThat(DefinitionCodecTest.problems(both))
                .containsExactly("$.edges[0]: has both 'sourceNodeId' (schema 0) and 'source'");
    }
}
