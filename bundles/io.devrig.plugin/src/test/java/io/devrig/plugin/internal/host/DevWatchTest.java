package io.devrig.plugin.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevWatchTest {

    @TempDir
    Path repo;

    /** A plugin bundle as the watch sees it; records what it was updated with. */
    static final class FakeTarget implements DevWatch.Target {
        final String location;
        long lastModified;
        final List<String> updates = new ArrayList<>();
        boolean refuse;

        FakeTarget(String location, long lastModified) {
            this.location = location;
            this.lastModified = lastModified;
        }

        @Override public String location() { return location; }
        @Override public long lastModified() { return lastModified; }
        @Override public void update(InputStream jar) throws Exception {
            if (refuse) {
                throw new org.osgi.framework.BundleException("not a bundle");
            }
            updates.add(new String(jar.readAllBytes()));
            lastModified = System.currentTimeMillis() + 60_000; // as the framework: later than the jar
        }
    }

    private Path jar(String text, long modified) throws Exception {
        Path file = repo.resolve("com/acme/acme.tracker/1.0.0-SNAPSHOT/acme.tracker-1.0.0-SNAPSHOT.jar");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
        return file;
    }

    @Test
    void mvnAndFileLocationsNameTheirJar() {
        assertThat(DevWatch.jarOf("mvn:com.acme/acme.tracker/1.0.0-SNAPSHOT", repo)).contains(
                repo.resolve("com/acme/acme.tracker/1.0.0-SNAPSHOT/acme.tracker-1.0.0-SNAPSHOT.jar"));
        assertThat(DevWatch.jarOf("mvn:https://repo.example!com.acme/t/2.0/jar/tests", repo))
                .contains(repo.resolve("com/acme/t/2.0/t-2.0-tests.jar"));
        assertThat(DevWatch.jarOf("file:/tmp/x/p.jar", repo)).contains(Path.of("/tmp/x/p.jar"));
        assertThat(DevWatch.jarOf("itest:p:123", repo)).isEmpty();
        assertThat(DevWatch.jarOf("mvn:only/two", repo)).isEmpty();
    }

    @Test
    void aNewerJarUpdatesTheBundleOnceItLooksTheSameTwice() throws Exception {
        jar("v1", 1_000);
        FakeTarget bundle = new FakeTarget("mvn:com.acme/acme.tracker/1.0.0-SNAPSHOT", 2_000);
        DevWatch watch = new DevWatch(repo);
        List<String> ids = List.of("acme.tracker");
        Map<String, FakeTarget> bundles = Map.of("acme.tracker", bundle);

        assertThat(watch.check(ids, id -> Optional.ofNullable(bundles.get(id)))).as("older jar").isEmpty();
        jar("v2", 3_000);
        assertThat(watch.check(ids, id -> Optional.ofNullable(bundles.get(id)))).as("first look: maybe still written")
                .isEmpty();
        assertThat(watch.check(ids, id -> Optional.ofNullable(bundles.get(id)))).containsExactly("acme.tracker");
        assertThat(bundle.updates).containsExactly("v2");
        assertThat(watch.check(ids, id -> Optional.ofNullable(bundles.get(id)))).as("not again").isEmpty();
        assertThat(bundle.updates).hasSize(1);
    }

    @Test
    void aJarRebuiltWhileDevRigWasDownIsPickedUpByANewWatch() throws Exception {
        jar("rebuilt", 5_000);
        FakeTarget bundle = new FakeTarget("mvn:com.acme/acme.tracker/1.0.0-SNAPSHOT", 2_000);
        DevWatch afterRestart = new DevWatch(repo); // nothing remembered: the bundle's own time decides
        afterRestart.check(List.of("acme.tracker"), id -> Optional.of(bundle));
        afterRestart.check(List.of("acme.tracker"), id -> Optional.of(bundle));
        assertThat(bundle.updates).containsExactly("rebuilt");
    }

    @Test
    void aMissingJarAnUnknownPluginAndARefusedUpdateLeaveTheBundleAndTheWatchRunning() throws Exception {
        FakeTarget bundle = new FakeTarget("mvn:com.acme/acme.tracker/1.0.0-SNAPSHOT", 2_000);
        FakeTarget odd = new FakeTarget("inputstream:x", 2_000);
        DevWatch watch = new DevWatch(repo);
        Map<String, FakeTarget> bundles = Map.of("acme.tracker", bundle, "odd", odd);
        List<String> ids = List.of("acme.tracker", "not.installed", "odd");

        // the jar is not there (deleted, or never installed to this repository): no update, no exception
        assertThat(watch.check(ids, id -> Optional.ofNullable(bundles.get(id)))).isEmpty();
        assertThat(watch.check(ids, id -> Optional.ofNullable(bundles.get(id)))).isEmpty();

        // it comes back, but the framework refuses it: still running the old code, tried again on the next change
        bundle.refuse = true;
        Path file = jar("broken", 9_000);
        watch.check(ids, id -> Optional.ofNullable(bundles.get(id)));
        assertThat(watch.check(ids, id -> Optional.ofNullable(bundles.get(id)))).isEmpty();
        bundle.refuse = false;
        Files.setLastModifiedTime(file, FileTime.fromMillis(10_000));
        watch.check(ids, id -> Optional.ofNullable(bundles.get(id)));
        assertThat(watch.check(ids, id -> Optional.ofNullable(bundles.get(id)))).containsExactly("acme.tracker");

        // and a bundle that throws on every call does not stop the others' checks
        assertThat(watch.check(List.of("boom", "acme.tracker"), id -> {
            if (id.equals("boom")) {
                throw new IllegalStateException("bundle uninstalled meanwhile");
            }
            return Optional.of(bundle);
        })).isEmpty();
    }

    @Test
    void theWatchedIdsComeAsAListAnArrayOrOneCommaSeparatedString() {
        assertThat(DevWatchComponent.ids(new String[] {"a.b", " c.d ", "a.b"})).containsExactly("a.b", "c.d");
        assertThat(DevWatchComponent.ids("a.b, c.d,,")).containsExactly("a.b", "c.d");
        assertThat(DevWatchComponent.ids(List.of("x.y"))).containsExactly("x.y");
        assertThat(DevWatchComponent.ids(null)).isEmpty();
    }
}
