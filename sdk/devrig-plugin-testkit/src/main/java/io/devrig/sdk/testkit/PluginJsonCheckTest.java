package io.devrig.sdk.testkit;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plugin.json check as a test: the plugin parent's surefire runs this class from the
 * test kit jar ({@code dependenciesToScan}) in every plugin's build, after bnd wrote the
 * manifest and the component XMLs, so {@code mvn verify} fails with one line per problem.
 * Lives in the test kit's main code on purpose: it is shipped to plugins, not a test of the kit.
 */
public class PluginJsonCheckTest {

    @Test
    public void pluginJsonMatchesTheBuiltComponents() {
        Path classes = BuiltPlugin.classesDirectory();
        List<String> problems = PluginCheck.problems(classes);
        if (!problems.isEmpty()) {
            throw new AssertionError("DevRig would not accept this plugin as built (" + classes + "):\n"
                    + String.join("\n", problems));
        }
    }
}
