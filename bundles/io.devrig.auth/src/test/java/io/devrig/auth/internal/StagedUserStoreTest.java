package io.devrig.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.properties.PropertiesBackingEngineFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedUserStoreTest {

    @TempDir
    Path dir;

    @Test
    void theAdministratorIsWrittenToACopyThatReplacesTheFileInOneRename() throws Exception {
        Path users = dir.resolve("users.properties");
        String shipped = "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n";
        Files.writeString(users, shipped);
        PropertiesBackingEngineFactory karaf = new PropertiesBackingEngineFactory();
        Path passwordFile = dir.resolve("data/devrig/initial-admin-password");

        AdminBootstrap.Outcome outcome = StagedUserStore.change(Map.of(StagedUserStore.USERS_OPTION, users.toString()),
                karaf::build, staged -> {
                    AdminBootstrap.Outcome o = new AdminBootstrap(new PasswordGenerator(new SecureRandom()))
                            .run(staged, passwordFile);
                    // Karaf's watcher of users.properties sees nothing until the rename
                    assertThat(Files.readString(users)).isEqualTo(shipped);
                    return o;
                });

        assertThat(outcome).isEqualTo(AdminBootstrap.Outcome.CREATED);
        BackingEngine live = karaf.build(Map.of(StagedUserStore.USERS_OPTION, users.toString()));
        assertThat(AdminBootstrap.isAdmin(live)).isTrue();
        assertThat(Files.readString(users)).contains("admingroup = group,admin");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("users.properties.devrig-staged");
        }
    }

    @Test
    void theReplacedUserFileIsPrivateToItsOwner() throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "_g_\\:admingroup = group,admin\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));

        StagedUserStore.change(Map.of(StagedUserStore.USERS_OPTION, users.toString()),
                new PropertiesBackingEngineFactory()::build, staged -> {
                    staged.addUser("someone", "x");
                    return null;
                });

        assertThat(Files.readString(users)).contains("someone");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users))).isEqualTo("rw-------");
    }

    @Test
    void withoutAUserFileTheStoreItselfIsChanged() throws Exception {
        AdminBootstrapTest.MemoryRealm realm = new AdminBootstrapTest.MemoryRealm();
        String result = StagedUserStore.change(Map.of(), options -> realm, store -> {
            store.addUser("someone", "x");
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(realm.passwords).containsKey("someone");
    }
}
