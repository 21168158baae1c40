package io.devrig.shell.internal;

import io.devrig.api.secrets.SecretVault;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code devrig:secret-list}: the secrets' names, categories and masked summaries. */
@Command(scope = "devrig", name = "secret-list", description = "Lists the secrets: name, category, masked value, last update (UTC).")
@Service
public class SecretListCommand implements Action {

    // optional: a mandatory reference would hide every devrig command while the vault is down
    @Reference(optional = true)
    SecretVault vault;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        new SecretCommands(vault, out).list();
        return null;
    }
}
