package io.devrig.common.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.plugin.PluginDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeclaredActionsTest {

    @Test
    void aBuiltInActionIsDescribedByItsBundlesActionsJson() {
        ActionDescriptor d = DeclaredActions.builtIn(DeclaredActionsTest.class, "test.echo");
        assertThat(d.type()).isEqualTo("test.echo");
        assertThat(d.name()).isEqualTo("Echo");
        assertThat(d.description()).isEqualTo("Echoes.");
        assertThat(d.category()).as("the id's first segment").isEqualTo("test");
        assertThat(d.inputSchema()).contains("\"object\"");
        assertThat(d.outputSchema()).isNull();
        assertThat(d.sideEffects()).as("the default, as for plugins").isTrue();
        assertThat(d.configVersion()).isEqualTo(1);
    }

    @Test
    void aMissingOrBrokenDeclarationFailsLoudly() {
        assertThatThrownBy(() -> DeclaredActions.builtIn(DeclaredActionsTest.class, "test.none"))
                .hasMessageContaining("declares no action test.none");
        assertThatThrownBy(() -> DeclaredActions.builtIn(DeclaredActionsTest.class, "test.broken"))
                .hasMessageContaining("test.missing.input.schema.json");
        assertThatThrownBy(() -> DeclaredActions.builtIn(DeclaredActionsTest.class, "test.typo"))
                .hasMessageContaining("sideEfects");
    }

    @Test
    void aPluginsActionTakesItsSchemasFromTheDescriptor() {
        PluginDescriptor.Action a = new PluginDescriptor.Action("acme.run", "Run", null, "tools", "in.json", "out.json",
                List.of(), false, 3);
        Map<String, String> files = Map.of("in.json", "{\"type\":\"object\"}");
        ActionDescriptor d = DeclaredActions.descriptor(a, p -> Optional.ofNullable(files.get(p)));
        assertThat(d.category()).isEqualTo("tools");
        assertThat(d.inputSchema()).isEqualTo("{\"type\":\"object\"}");
        assertThat(d.outputSchema()).isNull();
        assertThat(d.sideEffects()).isFalse();
        assertThat(d.configVersion()).isEqualTo(3);
    }
}
