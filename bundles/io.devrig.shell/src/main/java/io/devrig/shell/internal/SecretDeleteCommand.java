package io.devrig.shell.internal;

import io.devrig.api.secrets.SecretVault;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code devrig:secret-delete}: removes a secret; a missing name fails. */
@Command(scope = "devrig", name = "secret-delete", description = "Deletes a secret.")
@Service
public class SecretDeleteCommand implements Action {

    // optional: a mandatory reference would hide every devrig command while the vault is down
    @Reference(optional = true)
    SecretVault vault;

    @Argument(index = 0, name = "name", required = true, description = "The secret's name")
    @Completion(SecretNameCompleter.class)
    String name;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        new SecretCommands(vault, out).delete(name);
        return null;
    }
}
