package __PACKAGE__.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.sdk.testkit.LocalServer;
import io.devrig.sdk.testkit.PluginKit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data source against a real HTTP server on 127.0.0.1, storing into the kit's inbox. */
class TicketSourceTest {

    PluginKit kit;
    LocalServer server;
    TicketSource source;

    @BeforeEach
    void setUp() throws Exception {
        kit = PluginKit.fromBuild(); // plugin.json of this build, as DevRig reads it
        server = LocalServer.start();
        kit.settings().set(Map.of("baseUrl", server.url()));
        source = new TicketSource(kit.http(), kit.inbox(), kit.log());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void storesOpenTicketsInTheInbox() throws Exception {
        server.answer("GET", "/tickets", 200, """
                [{"id": "7", "title": "Printer on fire", "url": "https://tickets.example.com/7"},
                 {"id": "8", "title": "Coffee machine empty"}]""");

        PluginKit.SyncCycle cycle = kit.sync(source, "__PREFIX__.tickets");

        assertThat(cycle.itemsSynced()).isEqualTo(2);
        assertThat(kit.inbox().items()).extracting(i -> i.externalId() + " " + i.title())
                .containsExactly("7 Printer on fire", "8 Coffee machine empty");
        assertThat(kit.inbox().item("7").metadata()).containsEntry("ticket", "7");
        assertThat(kit.inbox().item("7").actionable()).isTrue();
    }

    @Test
    void aSecondSyncOfTheSameTicketsStoresNothingNew() throws Exception {
        server.answer("GET", "/tickets", 200, "[{\"id\": \"7\", \"title\": \"Printer on fire\"}]");
        kit.sync(source, "__PREFIX__.tickets");

        assertThat(kit.sync(source, "__PREFIX__.tickets").itemsSynced()).isZero();
        assertThat(kit.inbox().items()).hasSize(1);
    }

    @Test
    void aServerErrorIsTransientSoTheSchedulerBacksOff() {
        server.answer("GET", "/tickets", 503, "{\"message\": \"maintenance\"}");

        assertThatThrownBy(() -> kit.sync(source, "__PREFIX__.tickets"))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
                    assertThat(e.getMessage()).contains("HTTP 503");
                });
        assertThat(kit.inbox().items()).isEmpty();
    }

    @Test
    void withoutBaseUrlTheSourceSaysWhatToSet() throws Exception {
        kit.settings().set(Map.of());

        assertThatThrownBy(() -> kit.sync(source, "__PREFIX__.tickets"))
                .isInstanceOf(DevRigException.class).hasMessageContaining("set baseUrl first");
    }
}
