package io.devrig.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesComponentTest {

    @TempDir
    Path home;

    @Test
    void filesOfAnOlderInstallLoseTheirGroupAndOtherPermissions() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        Path etc = Files.createDirectories(home.resolve("etc"));
        Path log = Files.createDirectories(data.resolve("log"));
        Path db = Files.writeString(data.resolve("devrig.db"), "db");
        Path wal = Files.writeString(data.resolve("devrig.db-wal"), "wal");
        Path users = Files.writeString(etc.resolve("users.properties"), "admin = x");
        Path karafLog = Files.writeString(log.resolve("karaf.log"), "log");
        Path other = Files.writeString(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101");
        for (Path p : List.of(db, wal, users, karafLog, other)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-r--"));
        }
        for (Path p : List.of(data, log)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path key = Files.writeString(etc.resolve("devrig-secrets.key"), "k");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        List<String> changed = PrivateFilesComponent.restrictAll(PrivateFilesComponent.sensitive(data, etc, log));

        assertThat(changed).containsExactly(data.toString(), db.toString(), wal.toString(), log.toString(),
                karafLog.toString(), users.toString());
        for (Path p : List.of(db, wal, users, karafLog)) {
            assertThat(perms(p)).as(p.toString()).isEqualTo("rw-------");
        }
        assertThat(perms(data)).isEqualTo("rwx------");
        assertThat(perms(log)).isEqualTo("rwx------");
        assertThat(perms(key)).as("already private: unchanged").isEqualTo("rw-------");
        assertThat(perms(other)).as("not a sensitive file: left alone").isEqualTo("rw-rw-r--");
    }

    @Test
    void theOwnersOwnBitsAreNeverAdded() throws Exception {
        Path readOnly = Files.writeString(home.resolve("devrig.db"), "x");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));

        assertThat(PrivateFiles.restrict(readOnly)).isTrue();
        assertThat(perms(readOnly)).isEqualTo("r--------");
        assertThat(PrivateFiles.restrict(readOnly)).as("nothing left to remove").isFalse();
        assertThat(PrivateFiles.restrict(home.resolve("missing"))).isFalse();
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
