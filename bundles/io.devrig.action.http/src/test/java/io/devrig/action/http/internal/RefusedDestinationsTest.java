package io.devrig.action.http.internal;

import io.devrig.action.http.testing.Clients;
import io.devrig.action.http.testing.TestServer;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundHttp;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped configuration of io.devrig.http (nothing allow-listed) keeps refusing loopback,
 * private and metadata destinations when the request comes from a workflow node: a server
 * really listening on 127.0.0.1 never sees a request.
 */
class RefusedDestinationsTest {

    static TestServer server;
    static OutboundHttp defaults;
    final Clients.FakeVault vault = new Clients.FakeVault().with("token", "t-0123456789");
    final TestActionContext context = new TestActionContext();

    @BeforeAll
    static void start() {
        server = new TestServer();
        defaults = Clients.outbound(); // the default configuration: empty allow-list
    }

    @AfterAll
    static void stop() throws Exception {
        Clients.close(defaults);
        server.close();
    }

    @Test
    void theLocalServerIsRefusedWithTheDefaultConfiguration() {
        DevRigException e = devrigError(() -> new HttpRequestAction(defaults, vault).execute(
                TestJson.object("{'url': '" + server.url("/x") + "', 'auth': {'type': 'bearer', 'secret': 'token'}}"),
                context));
        assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_DESTINATION_REFUSED);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.error().message()).contains("127.0.0.1").contains("loopback");
        assertThat(server.seen).isEmpty();

        DevRigException g = devrigError(() -> new GraphqlAction(defaults, vault).execute(
                TestJson.object("{'url': '" + server.url("/graphql") + "', 'query': '{ viewer { login } }'}"), context));
        assertThat(g.code()).isEqualTo(ErrorCodes.HTTP_DESTINATION_REFUSED);
        assertThat(server.seen).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://localhost:8181/", "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/", "http://192.168.1.1/", "http://172.16.0.1/", "http://[::1]/", "http://0x7f000001/",
        "http://2130706433/", "http://metadata.google.internal/computeMetadata/v1/", "http://100.100.100.200/",
        "http://[fd00:ec2::254]/", "http://0.0.0.0/"})
    void refusedDestinations(String url) {
        DevRigException e = devrigError(() -> new HttpRequestAction(defaults, vault).execute(
                TestJson.object("{'method': 'POST', 'url': '" + url + "', 'body': {'json': {}}}"), context));
        assertThat(e.code()).as(url).isEqualTo(ErrorCodes.HTTP_DESTINATION_REFUSED);
    }

    @Test
    void aUrlFromTheVaultIsCheckedToo() {
        vault.with("hook", "http://169.254.169.254/hook/abcdef");
        DevRigException e = devrigError(() -> new HttpRequestAction(defaults, vault).execute(
                TestJson.object("{'method': 'POST', 'urlSecret': 'hook', 'body': {'json': {}}}"), context));
        assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_DESTINATION_REFUSED);
        assertThat(e.error().message()).doesNotContain("abcdef");
    }
}
