package io.devrig.plugin.internal.pages;

import java.security.Principal;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * Checks credentials against a JAAS realm, Karaf's {@code karaf} realm by default (the one SSH,
 * the web console and the first-start administrator use), and requires the role {@code admin}
 * (Karaf's {@code RolePrincipal}, matched by class name so DevRig does not wire to Karaf's JAAS).
 */
final class JaasAuthenticator implements PluginPages.Authenticator {

    private final String realm;
    private final String role;

    JaasAuthenticator(String realm, String role) {
        this.realm = realm;
        this.role = role;
    }

    @Override
    public Result authenticate(String user, char[] password) {
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        // the realm's login modules load through the context class loader (Karaf's boot delegation)
        current.setContextClassLoader(getClass().getClassLoader());
        try {
            LoginContext login = new LoginContext(realm, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(user);
                    } else if (callback instanceof PasswordCallback pass) {
                        pass.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
            login.login();
            Subject subject = login.getSubject();
            try {
                for (Principal p : subject.getPrincipals()) {
                    if (p.getClass().getSimpleName().equals("RolePrincipal") && role.equals(p.getName())) {
                        return Result.ADMIN;
                    }
                }
                return Result.NOT_ADMIN;
            } finally {
                login.logout();
            }
        } catch (LoginException | SecurityException e) {
            return Result.REFUSED; // wrong password, unknown user, no such realm: the same answer
        } finally {
            current.setContextClassLoader(before);
        }
    }
}
