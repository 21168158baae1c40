package __PACKAGE__.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.sdk.testkit.LocalServer;
import io.devrig.sdk.testkit.PluginKit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The action as DevRig runs it (input checked against its schema), against a real local server. */
class CloseTicketTest {

    PluginKit kit;
    LocalServer server;
    CloseTicket action;

    @BeforeEach
    void setUp() throws Exception {
        kit = PluginKit.fromBuild();
        server = LocalServer.start();
        kit.settings().set(Map.of("baseUrl", server.url()));
        action = new CloseTicket(kit.http(), kit.settings());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void closesTheTicketWithTheComment() {
        server.answer("POST", "/tickets/7/close", 200, "{}");

        String output = kit.act(action, "__PREFIX__.close", "{\"ticket\": \"7\", \"comment\": \"fixed\"}");

        assertThat(output).contains("\"closed\":true").contains("\"ticket\":\"7\"");
        assertThat(server.received()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/tickets/7/close");
            assertThat(r.body()).isEqualTo("{\"comment\":\"fixed\"}");
        });
    }

    @Test
    void anUnknownTicketIsNotFound() {
        DevRigException e = (DevRigException) org.assertj.core.api.Assertions.catchThrowable(
                () -> kit.act(action, "__PREFIX__.close", "{\"ticket\": \"404\"}"));

        assertThat(e.code()).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void inputWithoutTicketIsRefusedByTheSchemaBeforeTheCall() {
        assertThatThrownBy(() -> kit.act(action, "__PREFIX__.close", "{\"comment\": \"no ticket\"}"))
                .isInstanceOfSatisfying(DevRigException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT))
                .hasMessageContaining("ticket");
        assertThat(server.received()).isEmpty();
    }
}
