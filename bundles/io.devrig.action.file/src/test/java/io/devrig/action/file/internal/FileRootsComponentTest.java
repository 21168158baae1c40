package io.devrig.action.file.internal;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.action.file.roots.RootRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration as Config Admin hands it over, and the folders DevRig protects. */
class FileRootsComponentTest {

    static final Map<String, String> PROPERTIES = Map.of("user.home", "/home/ada", "karaf.data", "/opt/devrig/data",
            "karaf.etc", "/opt/devrig/etc", "karaf.home", "/opt/devrig", "karaf.base", "/srv/devrig");

    @Test
    void rootsAreExpandedAndRelativeOnesLeftOut() {
        List<Path> roots = FileRootsComponent.roots(new String[] {"${user.home}/devrig-files", "~/notes, /srv/a/../b",
            "relative/x", "${no.such.property}/x", " ", "~"}, PROPERTIES::get);
        assertThat(roots).containsExactly(Path.of("/home/ada/devrig-files"), Path.of("/home/ada/notes"), Path.of("/srv/b"),
                Path.of("/home/ada"));
        assertThat(FileRootsComponent.roots(null, PROPERTIES::get)).isEmpty();
    }

    @Test
    void devrigsDataAndEtcAreProtected() {
        assertThat(FileRootsComponent.protectedFolders(PROPERTIES::get)).containsExactly(Path.of("/opt/devrig/data"),
                Path.of("/opt/devrig/etc"), Path.of("/srv/devrig/data"), Path.of("/srv/devrig/etc"));
        assertThat(FileRootsComponent.protectedFolders(k -> null)).isEmpty();
    }

    @Test
    void aChangedConfigurationAppliesToTheNextCall(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a")).toRealPath();
        Path b = Files.createDirectories(tmp.resolve("b")).toRealPath();
        FileRootsComponent component = new FileRootsComponent(List.of(), FileFixture.config(new String[0], 1, 1));
        assertThat(devrigError(() -> component.confine(a + "/x")).error().details())
                .containsEntry("rule", RootRule.RULE_NO_ROOTS);
        component.modified(FileFixture.config(new String[] {a.toString()}, 1, 1));
        assertThat(component.confine(a + "/x")).isEqualTo(a.resolve("x"));
        assertThat(component.roots()).containsExactly(a);
        component.modified(FileFixture.config(new String[] {b.toString()}, 1, 1));
        assertThat(devrigError(() -> component.confine(a + "/x")).error().details())
                .containsEntry("rule", RootRule.RULE_OUTSIDE);
    }
}
