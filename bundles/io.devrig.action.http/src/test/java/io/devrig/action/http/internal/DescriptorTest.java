package io.devrig.action.http.internal;

import io.devrig.action.http.testing.Clients;
import io.devrig.action.http.testing.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.http.OutboundHttp;
import io.devrig.common.json.Json;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestJson;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The descriptors, their schemas (checked with the validator the registry uses), and real outputs against them. */
class DescriptorTest {

    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    static TestServer server;
    static OutboundHttp client;

    @BeforeAll
    static void start() {
        server = new TestServer();
        client = Clients.outbound("127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        Clients.close(client);
        server.close();
    }

    static List<String> problems(String schema, String instance) {
        return REGISTRY.getSchema(schema).validate(Json.readTree(instance)).stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    @Test
    void descriptorsAndSchemas() {
        Clients.FakeVault vault = new Clients.FakeVault();
        Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (ActionDescriptor d : List.of(new HttpRequestAction(client, vault).descriptor(),
                new GraphqlAction(client, vault).descriptor())) {
            assertThat(d.category()).isEqualTo("http");
            assertThat(d.sideEffects()).isTrue();
            assertThat(d.name()).isNotBlank().isNotEqualTo(d.type());
            for (String schema : List.of(d.inputSchema(), d.outputSchema())) {
                JsonNode node = Json.readTree(schema);
                assertThat(meta.validate(node)).as(d.type()).isEmpty();
            }
        }
    }

    @Test
    void inputsValidateAsTheActionsReadThem() {
        String in = new HttpRequestAction(client, new Clients.FakeVault()).descriptor().inputSchema();
        for (String ok : List.of("{'url': 'https://api.example.com/x'}",
                "{'method': 'POST', 'urlSecret': 'hook', 'body': {'json': {'a': [1]}}, 'idempotencyKey': true}",
                "{'url': 'https://x.example', 'auth': {'type': 'basic', 'usernameSecret': 'u', 'secret': 'p'},"
                        + " 'expectStatus': [200, 404], 'query': {'a': ['1', 2, true]}}",
                "{'url': 'https://x.example', 'auth': {'type': 'header', 'name': 'X-Api-Key', 'secret': 'k'},"
                        + " 'followRedirects': false, 'maxResponseBytes': 10, 'timeoutMs': 5000, 'responseType': 'text'}")) {
            assertThat(problems(in, TestJson.j(ok))).as(ok).isEmpty();
        }
        for (String bad : List.of("{}", "{'url': 'a', 'urlSecret': 'b'}", "{'url': 'a', 'method': 'TRACE'}",
                "{'url': 'a', 'body': {'json': 1, 'text': 'x'}}", "{'url': 'a', 'auth': {'type': 'bearer'}}",
                "{'url': 'a', 'auth': {'type': 'basic', 'secret': 's'}}", "{'url': 'a', 'headers': {'a b': 'x'}}",
                "{'url': 'a', 'extra': 1}", "{'url': 'a', 'timeoutMs': 300001}")) {
            assertThat(problems(in, TestJson.j(bad))).as(bad).isNotEmpty();
        }
    }

    @Test
    void realOutputsMatchTheOutputSchemas() throws Exception {
        server.reply("/j", 200, "application/json", "{\"a\": 1}");
        server.reply("/e", 204, null, "");
        server.reply("/graphql", 200, "application/json", "{\"data\": {\"a\": 1}}");
        Clients.FakeVault vault = new Clients.FakeVault();
        HttpRequestAction http = new HttpRequestAction(client, vault);
        GraphqlAction graphql = new GraphqlAction(client, vault);
        TestActionContext context = new TestActionContext();
        for (String path : List.of("/j", "/e")) {
            Object out = http.execute(TestJson.object("{'url': '" + server.url(path) + "'}"), context);
            assertThat(problems(http.descriptor().outputSchema(), TestJson.write(out))).as(path).isEmpty();
        }
        Object out = graphql.execute(TestJson.object("{'url': '" + server.url("/graphql") + "', 'query': '{ a }'}"),
                context);
        assertThat(problems(graphql.descriptor().outputSchema(), TestJson.write(out))).isEmpty();
    }
}
