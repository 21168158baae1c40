package io.devrig.trigger.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.trigger.TriggerType;
import io.devrig.testing.TestJson;
import io.devrig.trigger.webhook.internal.WebhookConfig.Scheme;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookConfigTest {

    private final WebhookTriggerType type = new WebhookTriggerType(new HookRegistry(() -> "http://127.0.0.1:8181"),
            new MemoryVault());

    private List<String> problems(String json) {
        return type.validate(TestJson.object(json));
    }

    @Test
    void defaults() {
        WebhookConfig c = WebhookConfig.read(TestJson.object("{'signature': 'github', 'secret': 'gh'}")).config();

        assertThat(c.path()).isNull();
        assertThat(c.methods()).containsExactly("POST");
        assertThat(c.signature()).isEqualTo(Scheme.GITHUB);
        assertThat(c.secretNames()).containsExactly("gh");
        assertThat(c.contentType()).isEqualTo("application/json");
        assertThat(c.maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(c.rateRequests()).isEqualTo(600);
        assertThat(c.ratePerSeconds()).isEqualTo(60);
        assertThat(c.toleranceSeconds()).isEqualTo(300);
    }

    @Test
    void everyFieldIsRead() {
        WebhookConfig c = WebhookConfig.read(TestJson.object("{'type': 'webhook', 'path': '/hooks/ci/build.done',"
                + " 'methods': ['post', 'PUT'], 'signature': 'hmac', 'secret': 'ci', 'secrets': ['ci', 'ci.next'],"
                + " 'header': 'X-Sig', 'prefix': 'v=', 'encoding': 'base64', 'contentType': 'Text/Plain',"
                + " 'maxBodyBytes': 2048, 'rateLimit': {'requests': 5, 'perSeconds': 10}, 'deduplicationWindowSeconds': 5}"))
                .config();

        assertThat(c.path()).isEqualTo("ci/build.done");
        assertThat(c.methods()).containsExactly("POST", "PUT");
        assertThat(c.secretNames()).containsExactly("ci", "ci.next");
        assertThat(c.header()).isEqualTo("X-Sig");
        assertThat(c.prefix()).isEqualTo("v=");
        assertThat(c.base64()).isTrue();
        assertThat(c.contentType()).isEqualTo("text/plain");
        assertThat(c.maxBodyBytes()).isEqualTo(2048);
        assertThat(c.rateRequests()).isEqualTo(5);
        assertThat(c.ratePerSeconds()).isEqualTo(10);
    }

    @Test
    void theSeedsSpellingOfOneMethodIsRead() {
        WebhookConfig c = WebhookConfig.read(TestJson.object("{'path': '/hooks/issues', 'method': 'GET', 'signature': 'none'}"))
                .config();

        assertThat(c.path()).isEqualTo("issues");
        assertThat(c.methods()).containsExactly("GET");
    }

    @Test
    void signatureMustBeChosenAndNoneSaidExplicitly() {
        assertThat(problems("{}")).containsExactly(
                "$.trigger.signature: required: standard, github, hmac, or none (explicitly unsigned)");
        assertThat(problems("{'signature': 'none'}")).isEmpty();
        assertThat(problems("{'signature': 'sha1'}")).containsExactly("$.trigger.signature: one of standard, github, hmac, none");
        assertThat(problems("{'signature': 'github'}")).containsExactly(
                "$.trigger.secret: required with signature github: the name of a vault secret");
        assertThat(problems("{'signature': 'none', 'secret': 'x'}")).containsExactly(
                "$.trigger.secret: not used with signature none");
    }

    @Test
    void eachFieldIsChecked() {
        assertThat(problems("{'signature': 'none', 'path': '../etc'}")).singleElement().asString()
                .startsWith("$.trigger.path: segments of");
        assertThat(problems("{'signature': 'none', 'path': 'a//b'}")).hasSize(1);
        assertThat(problems("{'signature': 'none', 'path': 'a/.hidden'}")).hasSize(1);
        assertThat(problems("{'signature': 'none', 'path': 'a?b'}")).hasSize(1);
        assertThat(problems("{'signature': 'none', 'path': 7}")).hasSize(1);
        assertThat(problems("{'signature': 'none', 'methods': ['DELETE']}")).containsExactly(
                "$.trigger.methods: each one of GET, POST, PUT");
        assertThat(problems("{'signature': 'none', 'methods': []}")).hasSize(1);
        assertThat(problems("{'signature': 'none', 'method': 'GET', 'methods': ['GET']}")).hasSize(1);
        assertThat(problems("{'signature': 'github', 'secret': 'it has spaces'}")).containsExactly(
                "$.trigger.secret: the NAME of a vault secret (devrig:secret-set), never its value");
        assertThat(problems("{'signature': 'github', 'secrets': ['a', 'b', 'c', 'd', 'e', 'f']}")).hasSize(1);
        assertThat(problems("{'signature': 'hmac', 'secret': 'h'}")).containsExactly(
                "$.trigger.header: required with signature hmac: the request header that carries the signature");
        assertThat(problems("{'signature': 'hmac', 'secret': 'h', 'header': 'X-S', 'encoding': 'base32'}"))
                .containsExactly("$.trigger.encoding: hex or base64");
        assertThat(problems("{'signature': 'github', 'secret': 'h', 'header': 'X-S'}")).containsExactly(
                "$.trigger.header: applies to signature hmac only");
        assertThat(problems("{'signature': 'none', 'contentType': 'application/json; charset=utf-8'}")).hasSize(1);
        assertThat(problems("{'signature': 'none', 'maxBodyBytes': 0}")).containsExactly(
                "$.trigger.maxBodyBytes: a whole number from 1 to 16777216");
        assertThat(problems("{'signature': 'none', 'maxBodyBytes': 1.5}")).hasSize(1);
        assertThat(problems("{'signature': 'none', 'rateLimit': 60}")).hasSize(1);
        assertThat(problems("{'signature': 'none', 'rateLimit': {'requests': 0, 'per': 1}}")).containsExactly(
                "$.trigger.rateLimit.per: unknown field (known: requests, perSeconds)",
                "$.trigger.rateLimit.requests: a whole number from 1 to 1000000");
        assertThat(problems("{'signature': 'github', 'secret': 'g', 'toleranceSeconds': 60}")).containsExactly(
                "$.trigger.toleranceSeconds: applies to signature standard only (the other schemes carry no timestamp)");
        assertThat(problems("{'signature': 'none', 'tunnelEnabled': true}")).singleElement().asString()
                .startsWith("$.trigger.tunnelEnabled: unknown field");
    }

    @Test
    void theDeduplicationWindowMustCoverTheReplayWindow() {
        assertThat(type.defaultDeduplicationWindow().toSeconds()).isGreaterThanOrEqualTo(2L * WebhookConfig.DEFAULT_TOLERANCE);
        assertThat(problems("{'signature': 'standard', 'secret': 's'}")).isEmpty();
        assertThat(problems("{'signature': 'standard', 'secret': 's', 'toleranceSeconds': 301}")).containsExactly(
                "$.trigger." + TriggerType.DEDUPLICATION_WINDOW_FIELD + ": must be at least 2 x toleranceSeconds (602),"
                        + " or a replay inside the timestamp tolerance would start a second run");
        assertThat(type.validate(Map.of("signature", "standard", "secret", "s", "toleranceSeconds", 900,
                TriggerType.DEDUPLICATION_WINDOW_FIELD, new BigDecimal("1800")))).isEmpty();
        assertThat(type.validate(Map.of("signature", "standard", "secret", "s",
                TriggerType.DEDUPLICATION_WINDOW_FIELD, 0))).hasSize(1);
    }

    @Test
    void generatedPathsComeFromTheWorkflowId() {
        assertThat(WebhookConfig.generatedPath("issue-triage")).isEqualTo("wf/issue-triage");
        assertThat(WebhookConfig.generatedPath("01JD3Z8Q5V")).isEqualTo("wf/01JD3Z8Q5V");
        assertThat(WebhookConfig.generatedPath("a b/../c")).isEqualTo("wf/a-b-..-c");
        assertThat(WebhookConfig.pathProblem(WebhookConfig.generatedPath(".hidden/x y"))).isNull();
    }
}
