package io.devrig.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build-time check on a classes folder laid out as bnd leaves it. */
class PluginCheckTest {

    static final String MANIFEST = """
            Manifest-Version: 1.0
            Bundle-SymbolicName: com.example.demo
            Bundle-Version: 0.1.0.SNAPSHOT
            DevRig-Plugin: OSGI-INF/devrig/plugin.json
            """;
    static final String DESCRIPTOR = """
            {"name": "com.example.demo", "version": "0.1.0", "displayName": "Demo",
             "permissions": ["inbox:write"],
             "capabilities": {"dataSources": [{"id": "demo.items", "name": "Items"}],
                              "actions": [{"id": "demo.close", "name": "Close", "appliesTo": ["demo.items"]}]}}
            """;

    @TempDir
    Path classes;

    @BeforeEach
    void setUp() throws IOException {
        write("META-INF/MANIFEST.MF", MANIFEST);
        write("OSGI-INF/devrig/plugin.json", DESCRIPTOR);
        component("com.example.demo.Source", "io.devrig.api.sync.DataSource", "dataSource:demo.items");
    }

    @Test
    void aPluginWhoseComponentsPublishWhatItDeclaresPasses() throws IOException {
        component("com.example.demo.Close", "io.devrig.api.action.ActionExecutor", "action:demo.close");

        assertThat(PluginCheck.problems(classes)).isEmpty();
    }

    @Test
    void eachMismatchIsOneLine() throws IOException {
        component("com.example.demo.Close", "io.devrig.api.action.ActionExecutor", "action:demo.shut");
        component("com.example.demo.Bare", "io.devrig.api.action.ActionExecutor", null);

        assertThat(PluginCheck.problems(classes)).containsExactlyInAnyOrder(
                "component com.example.demo.Bare publishes io.devrig.api.action.ActionExecutor without a"
                        + " devrig.capability property (add property = \"devrig.capability=action:<id>\" to its @Component)",
                "component com.example.demo.Close publishes devrig.capability=action:demo.shut but plugin.json"
                        + " declares no action demo.shut",
                "plugin.json declares action demo.close but no component publishes devrig.capability=action:demo.close");
    }

    @Test
    void aCapabilityOnTheWrongServiceIsNamed() throws IOException {
        component("com.example.demo.Close", "io.devrig.api.sync.DataSource", "action:demo.close");

        assertThat(PluginCheck.problems(classes)).containsExactly("component com.example.demo.Close publishes"
                + " devrig.capability=action:demo.close on io.devrig.api.sync.DataSource, which is not a action service");
    }

    @Test
    void theDescriptorIsReadAsTheHostReadsIt() throws IOException {
        // the host's cross-checks: name = symbolic name, data sources need inbox:write, appliesTo names a source
        write("OSGI-INF/devrig/plugin.json", DESCRIPTOR.replace("\"com.example.demo\"", "\"com.example.other\"")
                .replace("\"inbox:write\"", "\"network\"").replace("[\"demo.items\"]", "[\"demo.nothing\"]"));

        assertThat(PluginCheck.problems(classes)).containsExactlyInAnyOrder(
                "plugin.json: $.name: 'com.example.other' must be the bundle's symbolic name 'com.example.demo'",
                "plugin.json: $.capabilities.actions[0].appliesTo[0]: 'demo.nothing' is not a data source of this plugin",
                "plugin.json: $.permissions: declares dataSources but does not ask for 'inbox:write'");
    }

    @Test
    void schemaErrorsAndMissingPiecesAreReported() throws IOException {
        write("OSGI-INF/devrig/plugin.json", DESCRIPTOR.replace("\"displayName\"", "\"displayname\""));
        assertThat(PluginCheck.problems(classes)).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("plugin.json: $"));

        Files.delete(classes.resolve("OSGI-INF/devrig/plugin.json"));
        assertThat(PluginCheck.problems(classes)).singleElement().asString().contains("is not in the bundle");

        Files.delete(classes.resolve("META-INF/MANIFEST.MF"));
        assertThat(PluginCheck.problems(classes)).singleElement().asString().contains("bnd-maven-plugin did not run");
    }

    @Test
    void theKitIsMadeFromTheBuildOrRefusesWithTheProblems() throws IOException {
        component("com.example.demo.Close", "io.devrig.api.action.ActionExecutor", "action:demo.close");
        assertThat(PluginKit.fromBuild(classes).descriptor()).get().extracting(d -> d.name()).isEqualTo("com.example.demo");

        write("OSGI-INF/devrig/plugin.json", "{\"name\": ");
        assertThatThrownBy(() -> PluginKit.fromBuild(classes)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("not valid JSON");
    }

    private void component(String name, String service, String capability) throws IOException {
        write("OSGI-INF/" + name + ".xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.4.0" name="%s">
                  %s
                  <service><provide interface="%s"/></service>
                  <implementation class="%s"/>
                </scr:component>
                """.formatted(name, capability == null ? ""
                        : "<property name=\"devrig.capability\" type=\"String\" value=\"" + capability + "\"/>", service, name));
    }

    private void write(String path, String text) throws IOException {
        Path file = classes.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
