package io.devrig.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.health.HealthReport;
import io.devrig.api.health.HealthReporter;
import io.devrig.api.health.HealthStatus;
import io.devrig.api.store.Database;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.servlet.Servlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots the DevRig bundles in a real framework and uses them the way other bundles
 * will: through the service registry.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class CoreBundlesTest {

    static final List<String> DEVRIG_BUNDLES = List.of("io.devrig.api", "io.devrig.store", "io.devrig.health",
            "io.devrig.secrets", "io.devrig.http", "io.devrig.plugin.guard", "io.devrig.plugin", "io.devrig.catalog", "io.devrig.queue",
            "io.devrig.condition", "io.devrig.template", "io.devrig.inbox", "io.devrig.common", "io.devrig.sync", "io.devrig.action", "io.devrig.action.data",
            "io.devrig.action.flow", "io.devrig.flow", "io.devrig.flow.engine", "io.devrig.itest",
            "io.devrig.action.file", "io.devrig.action.shell", "io.devrig.trigger", "io.devrig.trigger.event",
            "io.devrig.trigger.cron", "io.devrig.camel", "io.devrig.itest.trigger.tick");

    @InjectBundleContext
    BundleContext context;

    @Test
    void everyDevRigBundleIsActive() {
        List<Bundle> devrig = List.of(context.getBundles()).stream()
                .filter(b -> b.getSymbolicName().startsWith("io.devrig.")).toList();
        assertThat(devrig).extracting(Bundle::getSymbolicName).containsExactlyInAnyOrderElementsOf(DEVRIG_BUNDLES);
        assertThat(devrig).allSatisfy(b -> assertThat(b.getState()).as(b.getSymbolicName()).isEqualTo(Bundle.ACTIVE));
    }

    @Test
    void theDatabaseServiceIsUsableFromAnotherBundle(@InjectService(timeout = 10_000) Database db) throws Exception {
        ServiceReference<Database> ref = context.getServiceReference(Database.class);
        assertThat(ref.getBundle().getSymbolicName()).isEqualTo("io.devrig.store");
        assertThat(FrameworkUtil.getBundle(getClass()).getSymbolicName()).isEqualTo("io.devrig.itest");
        int latest = shippedMigrations();
        assertThat(latest).isGreaterThanOrEqualTo(2);
        assertThat(ref.getProperty("devrig.db.schema.version")).isEqualTo(latest);
        assertThat(db.schemaVersion()).isEqualTo(latest);
        assertThat(db.read(h -> h.queryLong("PRAGMA user_version")).orElseThrow()).isEqualTo((long) latest);

        String key = "itest." + System.nanoTime();
        db.write(h -> h.update("INSERT INTO app_settings(key, value) VALUES (?, ?)", key, "{\"from\":\"itest\"}"));
        String value = db.read(h -> h.queryOne("SELECT value FROM app_settings WHERE key = ?", r -> r.getString(1), key))
                .orElseThrow();
        assertThat(value).isEqualTo("{\"from\":\"itest\"}");
        long tables = db.read(h -> h.queryLong("SELECT count(*) FROM sqlite_master WHERE type = 'table'")).orElseThrow();
        assertThat(tables).isGreaterThanOrEqualTo(19);
    }

    @Test
    void theNativeSqliteLibraryLoaded(@InjectService(timeout = 10_000) Database db,
            @InjectService(timeout = 10_000) HealthReporter health) {
        String version = db.read(h -> h.queryOne("SELECT sqlite_version()", r -> r.getString(1))).orElseThrow();
        assertThat(version).isEqualTo("3.54.1");
        HealthReport.Check database = check(health.readiness(), "database");
        assertThat(database.details()).containsEntry("nativeLibrary", true).containsEntry("sqliteVersion", "3.54.1");
        // FTS5 is compiled into the native library the schema needs
        long fts = db.read(h -> h.queryLong("SELECT count(*) FROM sqlite_master WHERE name = 'inbox_items_fts'"))
                .orElseThrow();
        assertThat(fts).isEqualTo(1L);
    }

    @Test
    void healthChecksReportUpAndTheEndpointIsPublished(@InjectService(timeout = 10_000) HealthReporter health,
            @InjectService(timeout = 10_000) Servlet healthServlet) {
        ServiceReference<Servlet> servlet = context.getServiceReference(Servlet.class);
        waitFor(() -> health.readiness().isUp(), "readiness UP");
        HealthReport report = health.readiness();
        assertThat(report.checks()).extracting(HealthReport.Check::name).contains("bundles", "database");
        assertThat(report.checks()).allSatisfy(c -> assertThat(c.status()).isEqualTo(HealthStatus.UP));
        assertThat(servlet.getProperty("osgi.http.whiteboard.servlet.pattern")).isEqualTo("/health/*");
    }

    @Test
    void stoppingTheStoreMakesTheServerNotReadyAndRestartingItKeepsTheData(
            @InjectService(timeout = 10_000) HealthReporter health, @InjectService(timeout = 10_000) Database db)
            throws Exception {
        String key = "survives." + System.nanoTime();
        db.write(h -> h.update("INSERT INTO app_settings(key, value) VALUES (?, ?)", key, "1"));
        Bundle store = bundle("io.devrig.store");
        store.stop();
        try {
            HealthReport down = health.readiness();
            assertThat(down.isUp()).isFalse();
            assertThat(check(down, "database").message()).contains("not registered");
            assertThat(check(down, "bundles").message()).contains("io.devrig.store (RESOLVED)");
            assertThat(context.getServiceReference(Database.class)).isNull();
        } finally {
            store.start();
        }
        waitFor(() -> health.readiness().isUp(), "readiness UP after restart");
        Database again = awaitService(Database.class);
        assertThat(again).isNotSameAs(db);
        assertThat(again.read(h -> h.queryLong("SELECT count(*) FROM app_settings WHERE key = ?", key)).orElseThrow())
                .isEqualTo(1L);
    }

    @Test
    void fullSynchronousIsSelectableThroughConfigAdmin(@InjectService(timeout = 10_000) ConfigurationAdmin configAdmin,
            @InjectService(timeout = 10_000) Database before) throws Exception {
        Configuration config = configAdmin.getConfiguration("io.devrig.store", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("synchronous", "FULL");
        config.update(props);
        try {
            waitFor(() -> {
                Database current = context.getService(context.getServiceReference(Database.class));
                return current != null && current != before && "2".equals(
                        current.read(h -> h.queryOne("PRAGMA synchronous", r -> r.getString(1))).orElse(""));
            }, "database reopened with synchronous=FULL");
        } finally {
            config.delete();
        }
        waitFor(() -> {
            ServiceReference<Database> ref = context.getServiceReference(Database.class);
            Database current = ref == null ? null : context.getService(ref);
            return current != null && "1".equals(
                    current.read(h -> h.queryOne("PRAGMA synchronous", r -> r.getString(1))).orElse(""));
        }, "database back to synchronous=NORMAL");
    }

    @Test
    void aBadConfigurationIsReportedByTheHealthCheck(@InjectService(timeout = 10_000) ConfigurationAdmin configAdmin,
            @InjectService(timeout = 10_000) HealthReporter health) throws Exception {
        Configuration config = configAdmin.getConfiguration("io.devrig.store", "?");
        config.update(new Hashtable<>(Map.of("synchronous", "SOMETIMES")));
        try {
            waitFor(() -> {
                HealthReport.Check db = check(health.readiness(), "database");
                return db.status() == HealthStatus.DOWN && db.message().contains("synchronous must be NORMAL or FULL");
            }, "database check DOWN naming the bad setting");
            assertThat(context.getServiceReference(Database.class)).isNull();
        } finally {
            config.delete();
        }
        waitFor(() -> health.readiness().isUp(), "readiness UP after the bad setting is removed");
    }

    /** How many migrations the store bundle ships (its INDEX file), read from the installed bundle. */
    private int shippedMigrations() throws java.io.IOException {
        java.net.URL index = bundle("io.devrig.store").getEntry("io/devrig/store/migrations/INDEX");
        try (java.io.InputStream in = index.openStream()) {
            return (int) new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        }
    }

    private Bundle bundle(String symbolicName) {
        return List.of(context.getBundles()).stream().filter(b -> b.getSymbolicName().equals(symbolicName))
                .findFirst().orElseThrow();
    }

    private <T> T awaitService(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(10_000);
            assertThat(service).as(type.getSimpleName() + " registered").isNotNull();
            return service;
        } finally {
            tracker.close();
        }
    }

    private static HealthReport.Check check(HealthReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check named " + name + " in " + report));
    }

    static void waitFor(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // a service in transition; try again
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
