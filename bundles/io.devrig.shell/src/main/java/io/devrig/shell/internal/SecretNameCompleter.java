package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.secrets.SecretInfo;
import io.devrig.api.secrets.SecretVault;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Tab completion of secret names (names only: listing never decrypts). */
@Service
public class SecretNameCompleter implements Completer {

    // optional: a mandatory reference would hide every devrig command while the vault is down
    @Reference(optional = true)
    SecretVault vault;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        if (vault == null) {
            return -1;
        }
        try {
            for (SecretInfo s : vault.list()) {
                names.getStrings().add(s.name());
            }
        } catch (DevRigException e) {
            // no key or no database: offer nothing rather than print an error mid-line
            return -1;
        }
        return names.complete(session, commandLine, candidates);
    }
}
