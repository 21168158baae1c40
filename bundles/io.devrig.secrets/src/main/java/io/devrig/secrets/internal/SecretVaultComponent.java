package io.devrig.secrets.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.health.HealthCheck;
import io.devrig.api.health.HealthResult;
import io.devrig.api.secrets.SecretInfo;
import io.devrig.api.secrets.SecretValue;
import io.devrig.api.secrets.SecretVault;
import io.devrig.api.store.Database;
import io.devrig.api.time.DevRigClock;
import java.io.File;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@link Vault} as {@link SecretVault} and as the {@code secrets} health
 * check, with the settings of PID {@code io.devrig.secrets}. Immediate, so the key file
 * exists and the key is checked as soon as the database is up, not at the first use.
 * A vault whose key is wrong or missing is still published: it reports DOWN and refuses
 * every operation with the reason, which callers see instead of a missing service.
 */
@Component(immediate = true, service = {SecretVault.class, HealthCheck.class}, configurationPid = "io.devrig.secrets")
@Designate(ocd = SecretsConfig.class)
public final class SecretVaultComponent implements SecretVault, HealthCheck {

    static final String KEY_FILE_NAME = "devrig-secrets.key";

    private static final Logger LOG = LoggerFactory.getLogger(SecretVaultComponent.class);

    private final Vault vault;

    @Activate
    public SecretVaultComponent(BundleContext context, @Reference Database database, SecretsConfig config) {
        this(context, database, config, System.getenv());
    }

    SecretVaultComponent(BundleContext context, Database database, SecretsConfig config, Map<String, String> environment) {
        KeySource keys = KeySource.select(environment, keyFile(context, config));
        this.vault = new Vault(database, keys, DevRigClock.system(), new SecureRandom());
        try {
            vault.initialize();
        } catch (DevRigException e) {
            // not a key problem (e.g. a busy database): the next call or health check tries again
            LOG.warn("The secret vault could not start yet: {}", e.error().message());
        }
    }

    /** The configured key file, else {@code devrig-secrets.key} in Karaf's etc, else in this bundle's data area. */
    static Path keyFile(BundleContext context, SecretsConfig config) {
        String configured = config.keyFile() == null ? "" : config.keyFile().trim();
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        String etc = context.getProperty("karaf.etc");
        if (etc != null && !etc.isBlank()) {
            return Path.of(etc, KEY_FILE_NAME);
        }
        File data = context.getDataFile(KEY_FILE_NAME);
        if (data == null) {
            throw new IllegalStateException("no karaf.etc, no keyFile setting and no bundle data area: "
                    + "set keyFile in io.devrig.secrets");
        }
        return data.toPath();
    }

    @Override
    public void put(String name, String category, char[] value) {
        vault.put(name, category, value);
    }

    @Override
    public Optional<SecretValue> get(String name) {
        return vault.get(name);
    }

    @Override
    public List<SecretInfo> list() {
        return vault.list();
    }

    @Override
    public boolean delete(String name) {
        return vault.delete(name);
    }

    @Override
    public int rotateKey() {
        return vault.rotateKey();
    }

    @Override
    public String name() {
        return "secrets";
    }

    @Override
    public HealthResult check() {
        return vault.health();
    }

    @Override
    public String toString() {
        return "SecretVaultComponent[" + vault.keySource().description() + "]";
    }
}
