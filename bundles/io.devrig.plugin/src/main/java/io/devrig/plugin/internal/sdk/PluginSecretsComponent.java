package io.devrig.plugin.internal.sdk;

import io.devrig.api.plugin.PermissionGate;
import io.devrig.api.plugin.sdk.PluginSecrets;
import io.devrig.api.secrets.SecretValue;
import io.devrig.api.secrets.SecretVault;
import io.devrig.common.plugin.Permissions;
import java.util.Optional;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/** {@link PluginSecrets}: a plugin reads only the vault's secrets named {@code <pluginId>/...}. */
@Component(service = PluginSecrets.class, scope = ServiceScope.BUNDLE)
public final class PluginSecretsComponent implements PluginSecrets {

    private final String pluginId;
    private final SecretVault vault;
    private final PermissionGate gate;

    @Activate
    public PluginSecretsComponent(ComponentContext context, @Reference SecretVault vault, @Reference PermissionGate gate) {
        this(context.getUsingBundle().getSymbolicName(), vault, gate);
    }

    PluginSecretsComponent(String pluginId, SecretVault vault, PermissionGate gate) {
        this.pluginId = pluginId;
        this.vault = vault;
        this.gate = gate;
    }

    @Override
    public Optional<SecretValue> get(String name) {
        gate.check(pluginId, Permissions.SECRETS_READ);
        return vault.get(pluginId + "/" + name);
    }
}
