package io.devrig.action.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.inbox.StoreResult;
import io.devrig.common.json.Json;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The descriptors and their schemas, checked with the validator the action registry uses. */
class DescriptorTest {

    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    static List<String> problems(String schema, String instance) {
        return REGISTRY.getSchema(schema).validate(Json.readTree(instance)).stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    final NotifyInboxAction inbox = new NotifyInboxAction(items -> new StoreResult(1, 0, 0, List.of()));
    final NotifyWebhookAction webhook = new NotifyWebhookAction(
            new io.devrig.action.internal.ActionRegistryImpl(new io.devrig.template.internal.TemplateEngineComponent(),
                    () -> null));

    @Test
    void descriptorsAndSchemas() {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (ActionDescriptor d : List.of(inbox.descriptor(), webhook.descriptor())) {
            assertThat(d.category()).isEqualTo("notification");
            assertThat(d.sideEffects()).isTrue();
            assertThat(d.name()).isNotBlank().isNotEqualTo(d.type());
            for (String schema : List.of(d.inputSchema(), d.outputSchema())) {
                assertThat(meta.validate(Json.readTree(schema))).as(d.type()).isEmpty();
            }
        }
    }

    @Test
    void sampleInputsAndOutputs() {
        String in = inbox.descriptor().inputSchema();
        assertThat(problems(in, TestJson.j("{'title': 't', 'priority': 'low', 'metadata': {'a': 1}, 'key': 'k'}"))).isEmpty();
        assertThat(problems(in, TestJson.j("{'priority': 'low'}"))).isNotEmpty();
        assertThat(problems(in, TestJson.j("{'title': 't', 'priority': 'asap'}"))).isNotEmpty();
        Object out = inbox.execute(TestJson.object("{'title': 't'}"), new TestActionContext());
        assertThat(problems(inbox.descriptor().outputSchema(), TestJson.write(out))).isEmpty();

        String wh = webhook.descriptor().inputSchema();
        assertThat(problems(wh, TestJson.j("{'urlSecret': 'hook', 'payload': {'text': 'hi'}}"))).isEmpty();
        assertThat(problems(wh, TestJson.j("{'url': 'https://x.example', 'payload': [1],"
                + " 'auth': {'type': 'bearer', 'secret': 's'}, 'idempotencyKey': false}"))).isEmpty();
        assertThat(problems(wh, TestJson.j("{'payload': {}}"))).isNotEmpty();
        assertThat(problems(wh, TestJson.j("{'url': 'u', 'urlSecret': 's', 'payload': {}}"))).isNotEmpty();
        assertThat(problems(webhook.descriptor().outputSchema(),
                TestJson.j("{'delivered': true, 'status': 200, 'response': 'ok'}"))).isEmpty();
    }
}
