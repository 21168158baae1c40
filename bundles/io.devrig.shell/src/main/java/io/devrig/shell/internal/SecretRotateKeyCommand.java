package io.devrig.shell.internal;

import io.devrig.api.secrets.SecretVault;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code devrig:secret-rotate-key}: a new vault key, every secret re-encrypted under it. */
@Command(scope = "devrig", name = "secret-rotate-key",
        description = "Generates a new vault key and re-encrypts every secret under it (one transaction).")
@Service
public class SecretRotateKeyCommand implements Action {

    // optional: a mandatory reference would hide every devrig command while the vault is down
    @Reference(optional = true)
    SecretVault vault;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        new SecretCommands(vault, out).rotateKey();
        return null;
    }
}
