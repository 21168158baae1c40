package io.devrig.itest.plugin.vaultref;

import io.devrig.api.secrets.SecretVault;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Needs the whole secret vault (mandatory): hidden from plugins, so it never activates. */
@Component(service = Function.class, property = "devrig.capability=action:itest.vault")
public class VaultUser implements Function<String, String> {

    private final SecretVault vault;

    @Activate
    public VaultUser(@Reference SecretVault vault) {
        this.vault = vault;
    }

    @Override
    public String apply(String input) {
        return String.valueOf(vault);
    }
}
