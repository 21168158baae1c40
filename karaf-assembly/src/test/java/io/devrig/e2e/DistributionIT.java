package io.devrig.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built distribution, end to end: unpack, first start, security defaults, clean
 * stop, integrity of the database, second start on the same data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {

    static final Duration READY_LIMIT = Duration.ofSeconds(180);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    Distribution devrig;
    String password;
    int schemaVersion;

    @BeforeAll
    void unpackAndStart() throws Exception {
        Path archive = Path.of(System.getProperty("devrig.distribution", "target/devrig.tar.gz"));
        assertThat(archive).as("the distribution archive built by this module").exists();
        devrig = Distribution.unpack(archive, work);
        assertThat(devrig.home.resolve("data/devrig/initial-admin-password")).as("nothing generated at build time")
                .doesNotExist();
        devrig.start();
        double seconds = devrig.awaitReady(READY_LIMIT);
        System.out.printf("[figure] first start: boot-to-ready %.1f s, resident memory %d MiB%n", seconds,
                devrig.residentMib());
        password = devrig.initialPassword().orElseThrow(() -> new AssertionError("no initial password file"));
    }

    @AfterAll
    void stopEverything() {
        if (devrig != null) {
            devrig.kill();
        }
    }

    @Test
    @Order(1)
    void readinessIsUpWithEveryCheckUp() throws Exception {
        HttpResponse<String> ready = devrig.get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        List<String> names = new ArrayList<>();
        body.get("checks").forEach(c -> {
            names.add(c.get("name").asText());
            assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("UP");
        });
        assertThat(names).containsExactly("admin-user", "bundles", "catalog", "components", "database", "outbound-http", "plugins",
                "queue", "secrets", "web");
        // every whiteboard servlet of DevRig is served (health, webhooks, plugin pages)
        JsonNode web = body.get("checks").get(names.indexOf("web")).get("details");
        assertThat(web.get("endpoints").asInt()).as(web.toString()).isEqualTo(3);
        assertThat(web.get("notServed")).as(web.toString()).isEmpty();
        // SCR breaks a service cycle by leaving a reference unbound, with no failed state to see
        assertThat(devrig.log()).doesNotContain("resulted in a cycle");
        // nor when it meets a component's activation inside its own (the trigger manager's
        // participant once was): a fresh boot logs no ERROR line, and no WARN line of DevRig's
        // (Karaf's JMX bundles warn on their own when the features service refreshes them)
        assertThat(devrig.log().lines().filter(l -> l.contains("| ERROR |")
                || (l.contains("| WARN  |") && l.contains(" - io.devrig."))))
                .as("ERROR lines, and DevRig's WARN lines, of a fresh boot").isEmpty();
        JsonNode database = body.get("checks").get(names.indexOf("database")).get("details");
        schemaVersion = database.get("schemaVersion").asInt();
        assertThat(schemaVersion).isGreaterThanOrEqualTo(2);
        assertThat(database.get("nativeLibrary").asBoolean()).isTrue();
        // loaded from the distribution's lib/sqlite-native, not inflated out of the driver's jar
        // into the temporary folder (where the driver puts sqlite-<version>-<uuid>-libsqlitejdbc.so)
        try (Stream<Path> tmp = Files.list(devrig.home.resolve("data/tmp"))) {
            assertThat(tmp.map(p -> p.getFileName().toString()).filter(n -> n.contains("sqlitejdbc")))
                    .as("native libraries unpacked at start").isEmpty();
        }
        // the probe is unauthenticated: no absolute path in it, Karaf's folders as placeholders
        assertThat(database.get("path").asText()).isEqualTo("${karaf.data}/devrig.db");
        assertThat(ready.body()).doesNotContain(devrig.home.toString()).doesNotContain(devrig.home.toRealPath().toString())
                .doesNotContain(System.getProperty("user.home") + "/").doesNotContainPattern("\"/(tmp|home|root|opt|srv|var)/");
        // the catalog ships the index of the distribution's own plugins, generated from their jars
        JsonNode catalog = body.get("checks").get(names.indexOf("catalog")).get("details");
        assertThat(catalog.get("plugins").asInt()).as(catalog.toString()).isEqualTo(2);
        assertThat(catalog.path("problems")).as(catalog.toString()).isEmpty();

        HttpResponse<String> live = devrig.get("/health/live", null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(live.body()).get("status").asText()).isEqualTo("UP");
        assertThat(devrig.get("/health/nope", null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void theWebConsoleRejectsKarafKarafAndAcceptsTheGeneratedAdmin() throws Exception {
        assertThat(devrig.get("/system/console/bundles", null).statusCode()).isEqualTo(401);
        assertThat(devrig.get("/system/console/bundles", "karaf:karaf").statusCode()).isEqualTo(401);
        assertThat(devrig.get("/system/console/bundles", "admin:karaf").statusCode()).isEqualTo(401);
        HttpResponse<String> console = devrig.get("/system/console/bundles", "admin:" + password);
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("io.devrig.store");
    }

    @Test
    @Order(3)
    void sshRejectsKarafKarafAndAcceptsTheGeneratedAdmin() throws Exception {
        Distribution.CommandResult rejected = devrig.client("karaf", "karaf", "bundle:list");
        assertThat(rejected.exitCode()).isNotZero();
        assertThat(rejected.output()).doesNotContain("io.devrig");
        Distribution.CommandResult accepted = devrig.client("admin", password, "bundle:list -s");
        assertThat(accepted.output()).contains("io.devrig.api", "io.devrig.store", "io.devrig.health", "io.devrig.auth",
                "io.devrig.secrets", "io.devrig.http", "io.devrig.plugin", "io.devrig.catalog", "io.devrig.shell",
                "io.devrig.queue", "io.devrig.condition", "io.devrig.template");
        assertThat(accepted.output().lines().filter(l -> l.contains("io.devrig.")))
                .hasSizeGreaterThanOrEqualTo(12).allSatisfy(l -> assertThat(l).contains("Active"));
    }

    @Test
    @Order(4)
    void theInitialPasswordIsLongPrivateAndNeverLogged() throws Exception {
        Path file = devrig.home.resolve("data/devrig/initial-admin-password");
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String log = devrig.log();
        assertThat(log).contains(file.toString()).doesNotContain(password);
        assertThat(Files.readString(devrig.home.resolve("console.out"))).doesNotContain(password);
        String users = Files.readString(devrig.home.resolve("etc/users.properties"));
        assertThat(users).doesNotContain(password).containsPattern("(?m)^admin = \\{CRYPT\\}[0-9A-Fa-f]{128}\\{CRYPT\\},_g_:admingroup$");
        assertThat(users).doesNotContainPattern("(?m)^karaf\\s*=");
    }

    @Test
    @Order(5)
    void nothingListensBeyondLoopback() throws Exception {
        List<String> listening = devrig.listeningAddresses();
        System.out.println("[info] listening sockets: " + listening);
        assertThat(listening).contains("127.0.0.1:" + devrig.httpPort, "127.0.0.1:" + devrig.sshPort);
        assertThat(listening).allSatisfy(a -> assertThat(a).startsWith("127.0.0.1:"));
    }

    @Test
    @Order(6)
    void stopsCleanlyAndTheSecondStartReusesEverything() throws Exception {
        Path passwordFile = devrig.home.resolve("data/devrig/initial-admin-password");
        FileTime passwordWritten = Files.getLastModifiedTime(passwordFile);
        int exit = devrig.stop(Duration.ofSeconds(90));
        System.out.println("[info] karaf exit code after bin/stop: " + exit);

        Path db = devrig.home.resolve("data/devrig.db");
        assertThat(devrig.home.resolve("data/devrig.db-wal")).as("WAL checkpointed on close").doesNotExist();
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + db, new java.util.Properties());
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("PRAGMA integrity_check");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
            rs = s.executeQuery("PRAGMA user_version");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(schemaVersion);
        }
        assertThat(devrig.log()).contains("Closed database " + db.toRealPath());

        devrig.start();
        double seconds = devrig.awaitReady(READY_LIMIT);
        System.out.printf("[figure] second start: boot-to-ready %.1f s, resident memory %d MiB%n", seconds,
                devrig.residentMib());

        assertThat(Files.getLastModifiedTime(passwordFile)).as("no second password").isEqualTo(passwordWritten);
        assertThat(devrig.initialPassword()).hasValue(password);
        String log = devrig.log();
        assertThat(count(log, "Applied database migration")).as("each migration ran once, on the first start")
                .isEqualTo(schemaVersion);
        assertThat(count(log, "First start: created the DevRig administrator")).isEqualTo(1);
        assertThat(log).contains("0 migration(s) applied");
        assertThat(devrig.home.resolve("data/backups")).as("nothing to migrate, nothing to back up").doesNotExist();
        assertThat(devrig.get("/system/console/bundles", "admin:" + password).statusCode()).isEqualTo(200);
        assertThat(devrig.get("/system/console/bundles", "karaf:karaf").statusCode()).isEqualTo(401);

        devrig.stop(Duration.ofSeconds(90));
    }

    static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
