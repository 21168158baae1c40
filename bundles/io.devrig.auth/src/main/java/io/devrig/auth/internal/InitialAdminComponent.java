package io.devrig.auth.internal;

import io.devrig.api.health.HealthCheck;
import io.devrig.api.health.HealthResult;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstraps the administrator in Karaf's {@code karaf} realm (used by SSH, the web
 * console and JMX) and reports the outcome as the {@code admin-user} health check.
 */
@Component(immediate = true, service = HealthCheck.class)
public final class InitialAdminComponent implements HealthCheck {

    static final String REALM = "karaf";
    static final String PASSWORD_FILE = "devrig/initial-admin-password";

    private static final Logger LOG = LoggerFactory.getLogger(InitialAdminComponent.class);

    /**
     * The references are greedy, so SCR re-creates this component whenever another realm
     * or user-store factory appears, possibly on another thread while an earlier instance
     * is still writing users.properties. Karaf's user store reads the file when it is built
     * and rewrites it whole on every change, so two unserialised bootstraps can interleave
     * and leave a damaged file. One bootstrap at a time, each on a freshly read store.
     */
    private static final Object BOOTSTRAP_LOCK = new Object();

    private final HealthResult state;

    @Activate
    public InitialAdminComponent(BundleContext context,
            @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY)
            List<JaasRealm> realms,
            @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY)
            List<BackingEngineFactory> engines) {
        HealthResult result;
        synchronized (BOOTSTRAP_LOCK) {
            result = bootstrap(context, realms, engines);
        }
        this.state = result;
    }

    private static HealthResult bootstrap(BundleContext context, List<JaasRealm> realms,
            List<BackingEngineFactory> engines) {
        HealthResult result;
        try {
            BackingEngine realm = backingEngine(realms, engines);
            if (realm == null) {
                result = HealthResult.down("no '" + REALM + "' realm with a user store DevRig can manage");
                LOG.warn("No user store found: realms {}, user store factories {}",
                        realms.stream().map(r -> r.getName() + java.util.Arrays.stream(r.getEntries())
                                .map(InitialAdminComponent::moduleClass).toList()).toList(),
                        engines.stream().map(BackingEngineFactory::getModuleClass).toList());
            } else {
                Path file = Path.of(dataFolder(context), PASSWORD_FILE);
                AdminBootstrap bootstrap = new AdminBootstrap(new PasswordGenerator(new SecureRandom()));
                AdminBootstrap.Outcome outcome = realm.listUsers().isEmpty()
                        ? StagedUserStore.change(options(realms, engines), builder(realms, engines),
                                staged -> bootstrap.run(staged, file))
                        : AdminBootstrap.Outcome.ALREADY_SET_UP;
                if (outcome == AdminBootstrap.Outcome.CREATED && !AdminBootstrap.isAdmin(backingEngine(realms, engines))) {
                    // read back from the file through a new store: what the next login will see
                    LOG.error("The user store does not show '{}' in group '{}' after creating it; check {}",
                            AdminBootstrap.ADMIN_USER, AdminBootstrap.ADMIN_GROUP, "etc/users.properties");
                    result = HealthResult.down("the administrator was not stored correctly");
                } else {
                    result = HealthResult.up(outcome == AdminBootstrap.Outcome.CREATED
                            ? "administrator created; initial password in " + file
                            : "realm has users");
                }
            }
        } catch (Exception e) {
            LOG.error("Could not create the DevRig administrator: {}", e.getMessage());
            result = HealthResult.down("could not create the administrator: " + e.getClass().getSimpleName());
        }
        return result;
    }

    /** The writable user store of the realm, as Karaf's own jaas:* commands find it. */
    static BackingEngine backingEngine(List<JaasRealm> realms, List<BackingEngineFactory> engines) {
        AppConfigurationEntry entry = entry(realms, engines);
        return entry == null ? null : factory(entry, engines).build(entry.getOptions());
    }

    /** The options of the entry {@link #backingEngine} builds its store from (empty when none). */
    static Map<String, ?> options(List<JaasRealm> realms, List<BackingEngineFactory> engines) {
        AppConfigurationEntry entry = entry(realms, engines);
        return entry == null ? Map.of() : entry.getOptions();
    }

    /** Builds a store of that entry's module over the given options (the staged copy's). */
    static Function<Map<String, ?>, BackingEngine> builder(List<JaasRealm> realms, List<BackingEngineFactory> engines) {
        AppConfigurationEntry entry = entry(realms, engines);
        return options -> factory(entry, engines).build(options);
    }

    /** The first entry of the best-ranked realm named {@value #REALM} that a user-store factory manages, or null. */
    private static AppConfigurationEntry entry(List<JaasRealm> realms, List<BackingEngineFactory> engines) {
        JaasRealm best = null;
        for (JaasRealm realm : realms) {
            if (REALM.equals(realm.getName()) && (best == null || realm.getRank() > best.getRank())) {
                best = realm;
            }
        }
        if (best != null) {
            for (AppConfigurationEntry entry : best.getEntries()) {
                if (factory(entry, engines) != null) {
                    return entry;
                }
            }
        }
        return null;
    }

    private static BackingEngineFactory factory(AppConfigurationEntry entry, List<BackingEngineFactory> engines) {
        for (BackingEngineFactory factory : engines) {
            if (factory.getModuleClass().equals(moduleClass(entry))) {
                return factory;
            }
        }
        return null;
    }

    /** Karaf wraps every login module in a proxy that names the real class in an option. */
    static String moduleClass(AppConfigurationEntry entry) {
        Object proxied = entry.getOptions().get(ProxyLoginModule.PROPERTY_MODULE);
        return proxied instanceof String name ? name : entry.getLoginModuleName();
    }

    private static String dataFolder(BundleContext context) {
        String data = context.getProperty("karaf.data");
        return data == null || data.isBlank() ? "data" : data;
    }

    @Override
    public String name() {
        return "admin-user";
    }

    @Override
    public HealthResult check() {
        return state;
    }
}
