package io.devrig.store.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.health.HealthCheck;
import io.devrig.api.health.HealthResult;
import io.devrig.api.store.Database;
import io.devrig.api.time.DevRigClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;

/**
 * Opens the database with the settings of PID {@code io.devrig.store}, publishes it as
 * {@link Database} once it is migrated, and reports its state as the {@code database}
 * health check. A database that cannot be opened (a newer schema, a failed migration,
 * an unwritable folder) is not published; the health check says why.
 */
@Component(immediate = true, service = HealthCheck.class, configurationPid = "io.devrig.store")
@Designate(ocd = StoreConfig.class)
public final class DatabaseComponent implements HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseComponent.class);

    private final SqliteDatabase database;
    private final ServiceRegistration<Database> registration;
    private final String failure;

    @Activate
    public DatabaseComponent(BundleContext context, StoreConfig config) {
        SqliteDatabase opened = null;
        ServiceRegistration<Database> registered = null;
        String problem = null;
        try {
            ShippedNativeLibrary.use(context.getProperty("karaf.home"));
            StoreSettings settings = StoreSettings.from(config, defaultPath(context));
            MigrationCatalog catalog = MigrationCatalog.load(getClass().getClassLoader(), MigrationCatalog.DEFAULT_FOLDER);
            opened = SqliteDatabase.open(settings, catalog, DevRigClock.system());
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("devrig.db.path", settings.path().toString());
            properties.put("devrig.db.schema.version", opened.schemaVersion());
            properties.put(Constants.SERVICE_DESCRIPTION, "DevRig SQLite database");
            registered = context.registerService(Database.class, opened, properties);
        } catch (DevRigException | IllegalArgumentException | IllegalStateException e) {
            problem = e.getMessage();
            LOG.error("The DevRig database is not available: {}", problem);
            if (opened != null) {
                opened.close();
                opened = null;
            }
        }
        this.database = opened;
        this.registration = registered;
        this.failure = problem;
    }

    /** {@code devrig.db} in the Karaf data folder, else in this bundle's data area. */
    static Path defaultPath(BundleContext context) {
        String karafData = context.getProperty("karaf.data");
        if (karafData != null && !karafData.isBlank()) {
            return Path.of(karafData, "devrig.db");
        }
        return context.getDataFile("devrig.db").toPath();
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping this bundle and already removed it
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public HealthResult check() {
        if (database == null) {
            return HealthResult.down("database not open: " + failure);
        }
        if (!database.isOpen()) {
            return HealthResult.down("database closed");
        }
        try {
            String version = database.read(h -> h.queryOne("SELECT sqlite_version()", r -> r.getString(1)).orElse("?"));
            long walBytes = walSize(database.path());
            return HealthResult.up("open at schema version " + database.schemaVersion())
                    .with("path", database.path().toString())
                    .with("schemaVersion", database.schemaVersion())
                    .with("sqliteVersion", version)
                    .with("nativeLibrary", SQLiteJDBCLoader.isNativeMode())
                    .with("walBytes", walBytes);
        } catch (DevRigException e) {
            return HealthResult.down(e.getMessage());
        } catch (Exception e) {
            return HealthResult.down("database check failed: " + e.getClass().getSimpleName());
        }
    }

    private static long walSize(Path db) {
        try {
            Path wal = db.resolveSibling(db.getFileName() + "-wal");
            return Files.exists(wal) ? Files.size(wal) : 0;
        } catch (IOException e) {
            return -1;
        }
    }
}
