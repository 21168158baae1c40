package io.devrig.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.jaas.boot.principal.GroupPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminBootstrapTest {

    @TempDir
    Path dir;

    /** A user store in memory with the semantics AdminBootstrap relies on. */
    static final class MemoryRealm implements BackingEngine {
        final Map<String, String> passwords = new LinkedHashMap<>();
        final Map<String, List<String>> groups = new LinkedHashMap<>();

        @Override public void addUser(String username, String password) { passwords.put(username, password); }
        @Override public void deleteUser(String username) { passwords.remove(username); }
        @Override public List<UserPrincipal> listUsers() {
            return passwords.keySet().stream().map(UserPrincipal::new).toList();
        }
        @Override public UserPrincipal lookupUser(String username) {
            return passwords.containsKey(username) ? new UserPrincipal(username) : null;
        }
        @Override public List<GroupPrincipal> listGroups(UserPrincipal user) {
            return groups.getOrDefault(user.getName(), List.of()).stream().map(GroupPrincipal::new).toList();
        }
        @Override public Map<GroupPrincipal, String> listGroups() { return Map.of(); }
        @Override public void addGroup(String username, String group) {
            groups.computeIfAbsent(username, u -> new ArrayList<>()).add(group);
        }
        @Override public void createGroup(String group) { }
        @Override public void deleteGroup(String username, String group) { }
        @Override public List<RolePrincipal> listRoles(Principal principal) { return List.of(); }
        @Override public void addRole(String username, String role) { }
        @Override public void deleteRole(String username, String role) { }
        @Override public void addGroupRole(String group, String role) { }
        @Override public void deleteGroupRole(String group, String role) { }
    }

    AdminBootstrap bootstrap = new AdminBootstrap(new PasswordGenerator(new SecureRandom()));

    @Test
    void anEmptyRealmGetsAnAdminWhosePasswordIsOnlyInAPrivateFile() throws Exception {
        MemoryRealm realm = new MemoryRealm();
        Path file = dir.resolve("devrig/initial-admin-password");
        assertThat(bootstrap.run(realm, file)).isEqualTo(AdminBootstrap.Outcome.CREATED);
        String password = Files.readString(file).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(20).matches("[" + PasswordGenerator.ALPHABET + "]+");
        assertThat(realm.passwords).containsOnlyKeys("admin").containsEntry("admin", password);
        assertThat(realm.groups).containsEntry("admin", List.of("admingroup"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dir.resolve("devrig/.initial-admin-password.tmp")).doesNotExist();
    }

    @Test
    void isAdminNeedsTheUserAndItsGroup() throws Exception {
        MemoryRealm realm = new MemoryRealm();
        assertThat(AdminBootstrap.isAdmin(realm)).isFalse();
        realm.addUser("admin", "x");
        assertThat(AdminBootstrap.isAdmin(realm)).isFalse();
        realm.addGroup("admin", "othergroup");
        assertThat(AdminBootstrap.isAdmin(realm)).isFalse();
        realm.addGroup("admin", "admingroup");
        assertThat(AdminBootstrap.isAdmin(realm)).isTrue();
    }

    @Test
    void aRealmWithUsersIsLeftAloneAndNoSecondPasswordIsMade() throws Exception {
        MemoryRealm realm = new MemoryRealm();
        Path file = dir.resolve("devrig/initial-admin-password");
        bootstrap.run(realm, file);
        String first = Files.readString(file);
        assertThat(bootstrap.run(realm, file)).isEqualTo(AdminBootstrap.Outcome.ALREADY_SET_UP);
        assertThat(Files.readString(file)).isEqualTo(first);
        assertThat(realm.passwords).hasSize(1);
    }

    @Test
    void noAccountIsCreatedWhenThePasswordCannotBeWritten() throws Exception {
        MemoryRealm realm = new MemoryRealm();
        Path blocker = dir.resolve("devrig");
        Files.writeString(blocker, "a file where the folder should be");
        assertThatThrownBy(() -> bootstrap.run(realm, blocker.resolve("initial-admin-password")))
                .isInstanceOf(java.io.IOException.class);
        assertThat(realm.passwords).isEmpty();
    }

    @Test
    void passwordsDiffer() {
        PasswordGenerator generator = new PasswordGenerator(new SecureRandom());
        assertThat(new String(generator.next())).isNotEqualTo(new String(generator.next()));
    }
}
