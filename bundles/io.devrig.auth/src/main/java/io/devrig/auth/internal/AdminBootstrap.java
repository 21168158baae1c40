package io.devrig.auth.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first administrator when, and only when, the realm has no user at all.
 * Any user in the realm (the admin made on an earlier start, or users an operator
 * added) means the installation is set up, and nothing is changed.
 */
final class AdminBootstrap {

    static final String ADMIN_USER = "admin";
    /** Defined in etc/users.properties: roles admin, manager, viewer, systembundles, ssh. */
    static final String ADMIN_GROUP = "admingroup";

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    enum Outcome { CREATED, ALREADY_SET_UP }

    private final PasswordGenerator passwords;

    AdminBootstrap(PasswordGenerator passwords) {
        this.passwords = passwords;
    }

    /** Whether the store holds the administrator in its group. */
    static boolean isAdmin(BackingEngine realm) {
        UserPrincipal admin = realm.lookupUser(ADMIN_USER);
        return admin != null && realm.listGroups(admin).stream().anyMatch(g -> ADMIN_GROUP.equals(g.getName()));
    }

    Outcome run(BackingEngine realm, Path passwordFile) throws IOException {
        if (!realm.listUsers().isEmpty()) {
            return Outcome.ALREADY_SET_UP;
        }
        char[] password = passwords.next();
        try {
            // the file first: if it cannot be written, no account with an unknown password is made
            InitialPasswordFile.write(passwordFile, password);
            realm.addUser(ADMIN_USER, new String(password));
            realm.addGroup(ADMIN_USER, ADMIN_GROUP);
        } finally {
            Arrays.fill(password, '\0');
        }
        LOG.info("First start: created the DevRig administrator '{}'. Its password is in {} (readable by this"
                + " system user only). Sign in, change it, then delete that file.", ADMIN_USER, passwordFile);
        return Outcome.CREATED;
    }
}
