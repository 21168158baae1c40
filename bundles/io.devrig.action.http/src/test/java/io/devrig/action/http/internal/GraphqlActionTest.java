package io.devrig.action.http.internal;

import io.devrig.action.http.testing.Clients;
import io.devrig.action.http.testing.TestServer;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundHttp;
import io.devrig.common.json.Json;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestJson;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** http.graphql against a GraphQL-shaped server on 127.0.0.1 through the real outbound client. */
class GraphqlActionTest {

    static final String TOKEN = "ghp_" + UUID.randomUUID().toString().replace("-", "");

    static TestServer server;
    static OutboundHttp client;
    final Clients.FakeVault vault = new Clients.FakeVault().with("github-token", TOKEN);
    final TestActionContext context = new TestActionContext();
    GraphqlAction action;

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

    @BeforeEach
    void create() {
        action = new GraphqlAction(client, vault);
        server.seen.clear();
    }

    Object run(String json) throws Exception {
        return action.execute(TestJson.object(json.replace("URL", server.url(""))), context);
    }

    @Test
    void dataIsTheOutput() throws Exception {
        server.reply("/graphql", 200, "application/json",
                "{\"data\": {\"viewer\": {\"login\": \"ada\"}}, \"extensions\": {\"cost\": 1}}");
        Object out = run("{'url': 'URL/graphql', 'query': 'query Me($n: Int) { viewer { login } }',"
                + " 'variables': {'n': 3}, 'operationName': 'Me', 'auth': {'type': 'bearer', 'secret': 'github-token'}}");

        TestServer.Seen seen = server.last();
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.header("content-type")).isEqualTo("application/json");
        assertThat(seen.header("accept")).contains("application/graphql-response+json");
        assertThat(seen.header("authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(Json.readTree(seen.body())).isEqualTo(TestJson.tree(
                "{'query': 'query Me($n: Int) { viewer { login } }', 'variables': {'n': 3}, 'operationName': 'Me'}"));
        assertThat(TestJson.write(out)).isEqualTo(TestJson.write(TestJson.object(
                "{'data': {'viewer': {'login': 'ada'}}, 'extensions': {'cost': 1}, 'status': 200}")));
    }

    @Test
    void graphqlErrorsFailTheStepWithTheirMessages() {
        server.reply("/graphql", 200, "application/json", "{\"data\": {\"a\": null}, \"errors\": ["
                + "{\"message\": \"Field 'a' not found\", \"path\": [\"a\"], \"extensions\": {\"code\": \"NOT_FOUND\"}},"
                + "{\"message\": \"token " + TOKEN + " lacks scope\\nrepo\"}]}");
        DevRigException e = devrigError(() -> run("{'url': 'URL/graphql', 'query': '{ a }',"
                + " 'auth': {'type': 'bearer', 'secret': 'github-token'}}"));
        assertThat(e.code()).isEqualTo(GraphqlAction.GRAPHQL_ERRORS);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.error().message()).endsWith("returned 2 GraphQL errors: Field 'a' not found; token ******** lacks scope repo");
        assertThat(e.error().details()).containsEntry("errorCount", 2).containsEntry("partialData", true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) e.error().details().get("errors");
        assertThat(errors.get(0)).containsEntry("code", "NOT_FOUND").containsEntry("path", List.of("a"));
        assertThat(e.toString() + e.error().details()).doesNotContain(TOKEN);
    }

    @Test
    void errorsWithAServerErrorStatusAreTransient() {
        server.reply("/graphql", 503, "application/graphql-response+json", "{\"errors\": [{\"message\": \"overloaded\"}]}");
        DevRigException e = devrigError(() -> run("{'url': 'URL/graphql', 'query': '{ a }'}"));
        assertThat(e.code()).isEqualTo(GraphqlAction.GRAPHQL_ERRORS);
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
    }

    @Test
    void aStatusErrorWithoutGraphqlErrorsFailsAsHttp() {
        server.reply("/graphql", 502, "text/html", "<h1>Bad gateway</h1>");
        DevRigException e = devrigError(() -> run("{'url': 'URL/graphql', 'query': '{ a }'}"));
        assertThat(e.code()).isEqualTo(HttpCall.HTTP_STATUS);
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
    }

    @Test
    void aResponseThatIsNotGraphqlIsInvalid() {
        server.reply("/graphql", 200, "application/json", "{\"data\": ");
        DevRigException e = devrigError(() -> run("{'url': 'URL/graphql', 'query': '{ a }'}"));
        assertThat(e.code()).isEqualTo(GraphqlAction.GRAPHQL_RESPONSE_INVALID);
        assertThat(e.error().message()).contains("not valid JSON");

        server.reply("/graphql", 200, "application/json", "[1, 2]");
        assertThat(devrigError(() -> run("{'url': 'URL/graphql', 'query': '{ a }'}")).code())
                .isEqualTo(GraphqlAction.GRAPHQL_RESPONSE_INVALID);
    }

    @Test
    void dryRunShowsTheDocumentAndSendsNothing() {
        Object preview = action.preview(TestJson.object(("{'url': 'URL/graphql', 'query': 'mutation { x }',"
                + " 'auth': {'type': 'bearer', 'secret': 'github-token'}}").replace("URL", server.url(""))),
                context.dryRun(true));
        String text = TestJson.write(preview);
        assertThat(text).contains("\"sent\":false").contains("mutation { x }").contains("Bearer ********");
        assertThat(server.seen).isEmpty();
        assertThat(vault.asked).isEmpty();
    }

    @Test
    void theQueryIsRequired() {
        assertThat(devrigError(() -> run("{'url': 'URL/graphql'}")).code()).isEqualTo(ErrorCodes.INVALID_INPUT);
    }
}
