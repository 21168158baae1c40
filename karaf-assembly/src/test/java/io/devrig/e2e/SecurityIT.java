package io.devrig.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Issue 10, found on the shipped distribution: private files, the default heap,
 * {@code secret-set --file}, the web console (no Gogo page, cross-origin guard, service
 * properties as text) and a readiness probe without file paths.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONSOLE = "/system/console";
    static final String EVIL = "http://evil.example";
    /** Service property values a hostile bundle (here: a configuration) could plant. */
    static final String IMG = "<img src=x onerror=alert(1)>";
    static final String SCRIPT = "</script><script>alert(2)</script>";
    static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    static Path work;
    Distribution devrig;
    String admin;

    @BeforeAll
    void unpackAndStart() throws Exception {
        Path archive = Path.of(System.getProperty("devrig.distribution", "target/devrig.tar.gz"));
        devrig = Distribution.unpack(archive, Files.createDirectories(work.resolve("dist")));
        // the archive ships data/ and etc/users.properties readable by others, as an older install has them
        assertThat(perms(devrig.home.resolve("data"))).isEqualTo("rwxr-xr-x");
        assertThat(perms(devrig.home.resolve("etc/users.properties"))).isEqualTo("rw-r--r--");
        // service properties of a DS component include its configuration: a hostile value on the Services page
        Files.writeString(devrig.home.resolve("etc/io.devrig.health.cfg"),
                "xss.img = " + IMG + "\nxss.script = " + SCRIPT + "\n");
        admin = "admin:" + devrig.startFirstTime();
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (devrig != null) {
            devrig.stopAndKill("security");
        }
    }

    // ---- 1. files private by default ----

    @Test
    @Order(1)
    void everyFileTheServerMadeOrHoldsIsPrivateToItsUser() throws Exception {
        Path home = devrig.home;
        for (String path : List.of("data", "data/devrig.db", "data/devrig.db-wal", "data/log", "data/log/karaf.log",
                "etc/users.properties", "data/devrig/initial-admin-password", "etc/devrig-secrets.key")) {
            Path p = home.resolve(path);
            assertThat(p).as(path).exists();
            assertThat(privateTo(p)).as(path + " is " + perms(p)).isTrue();
        }
        assertThat(perms(home.resolve("data"))).isEqualTo("rwx------");
        assertThat(perms(home.resolve("etc/users.properties"))).isEqualTo("rw-------");
        // everything under data/: database, logs, bundle cache, tmp, the shipped README too
        List<String> open = new ArrayList<>();
        try (Stream<Path> all = Files.walk(home.resolve("data"))) {
            all.filter(p -> !Files.isSymbolicLink(p)).forEach(p -> {
                if (!privateTo(p)) {
                    open.add(home.relativize(p) + " " + perms(p));
                }
            });
        }
        assertThat(open).as("files under data/ readable by others").isEmpty();
    }

    // ---- 2. the default heap ----

    @Test
    @Order(2)
    void theServerRunsWithTheShippedHeapLimit() throws Exception {
        assertThat(javaArguments()).contains("-Xmx1024M", "-Xms128M");
        String info = devrig.admin("shell:info").replaceAll("\u001B\\[[0-9;]*m", "");
        assertThat(info).containsPattern("Maximum heap size\\s+1,048,576 kbytes");
        String setenv = Files.readString(devrig.home.resolve("bin/setenv"));
        assertThat(setenv).contains("umask 077", "JAVA_MAX_MEM:=1024M");
    }

    // ---- 3. secret-set --file ----

    @Test
    @Order(3)
    void secretSetReadsAFileAndRefusesUnusableOnesByPath() throws Exception {
        String canary = String.join("", "DEVRIG", "-CANARY-", "5EC12E7");
        Path file = Files.writeString(work.resolve("token.txt"), canary + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Path empty = Files.createFile(work.resolve("empty.txt"));

        Distribution.CommandResult saved = devrig.client("admin", devrig.initialPassword().orElseThrow(),
                "devrig:secret-set --file " + file + " -c e2e e2e/file-token\ndevrig:secret-list");
        boolean leaked = saved.output().contains(canary);
        assertThat(leaked).as("the value appears in the shell output").isFalse();
        assertThat(saved.output()).contains("Secret e2e/file-token saved (category e2e).", "e2e/file-token");

        Distribution.CommandResult missing = devrig.client("admin", devrig.initialPassword().orElseThrow(),
                "devrig:secret-set --file " + work.resolve("nope.txt") + " e2e/x");
        assertThat(missing.output()).contains("Error: no file " + work.resolve("nope.txt") + "; nothing saved");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(devrig.admin("devrig:secret-set -f " + empty + " e2e/x"))
                .contains("Error: " + empty + " is empty; nothing saved");
        assertThat(devrig.admin("devrig:secret-set -f " + work + " e2e/x"))
                .contains("Error: " + work + " is a directory, not a file; nothing saved");
        assertThat(devrig.admin("devrig:secret-list")).doesNotContain("e2e/x");

        boolean inLog = devrig.log().contains(canary)
                || Files.readString(devrig.home.resolve("console.out")).contains(canary);
        assertThat(inLog).as("the value appears in the log").isFalse();
    }

    // ---- 4. the web console ----

    @Test
    @Order(4)
    void theGogoShellPageIsNotInTheDistribution() throws Exception {
        assertThat(devrig.get(CONSOLE + "/gogo", admin).statusCode()).isEqualTo(404);
        assertThat(devrig.send("POST", CONSOLE + "/gogo", admin, "command=bundle:list",
                "Origin", own()).statusCode()).isEqualTo(404);
        String bundles = devrig.admin("bundle:list -t 0 -s");
        assertThat(bundles).contains("io.devrig.webconsole", "org.apache.felix.webconsole.plugins.ds",
                "org.apache.karaf.webconsole.features")
                .doesNotContain("org.apache.karaf.webconsole.gogo", "org.apache.karaf.webconsole.console");
        try (Stream<Path> jars = Files.walk(devrig.home.resolve("system"))) {
            assertThat(jars.map(Path::toString).filter(p -> p.contains("webconsole.gogo"))).isEmpty();
        }
        // the console itself still works: signed-in pages and a state-changing action from its own page
        assertThat(devrig.get(CONSOLE + "/bundles", admin).statusCode()).isEqualTo(200);
        assertThat(devrig.get(CONSOLE + "/configMgr", admin).statusCode()).isEqualTo(200);
        assertThat(devrig.get(CONSOLE + "/components", admin).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aCrossOriginPostIsRefusedAndChangesNothing() throws Exception {
        long target = bundleId("org.apache.felix.webconsole.plugins.memoryusage");
        String path = CONSOLE + "/bundles/" + target;
        assertThat(bundleState(target)).isEqualTo("Active");

        HttpResponse<String> evil = devrig.send("POST", path, admin, "action=stop", "Origin", EVIL);
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(evil.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(evil.body()).startsWith("Forbidden: cross-origin request").hasLineCount(1).doesNotContain(EVIL);
        assertThat(bundleState(target)).as("the refused stop changed nothing").isEqualTo("Active");

        // without Origin, the Referer counts; Origin "null" and a different port are other origins
        assertThat(devrig.send("POST", path, admin, "action=stop", "Referer", EVIL + "/page").statusCode())
                .isEqualTo(403);
        assertThat(devrig.send("POST", path, admin, "action=stop", "Origin", "null").statusCode()).isEqualTo(403);
        assertThat(devrig.send("POST", path, admin, "action=stop", "Origin", "http://127.0.0.1:1").statusCode())
                .isEqualTo(403);
        assertThat(devrig.send("DELETE", CONSOLE + "/configMgr/io.devrig.health", admin, null, "Origin", EVIL)
                .statusCode()).isEqualTo(403);
        // refused before sign-in: no credentials needed to be refused, none guessed
        assertThat(devrig.send("POST", path, null, "action=stop", "Origin", EVIL).statusCode()).isEqualTo(403);
        assertThat(bundleState(target)).isEqualTo("Active");
        assertThat(devrig.log()).contains("Refused a cross-origin POST to the web console");

        // the console's own origin works (its pages send it), as does a script that sends no Origin
        HttpResponse<String> stop = devrig.send("POST", path, admin, "action=stop", "Origin", own(),
                "Referer", own() + CONSOLE + "/bundles");
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(bundleState(target)).isEqualTo("Resolved");
        HttpResponse<String> start = devrig.send("POST", path, admin, "action=start");
        assertThat(start.statusCode()).isEqualTo(200);
        assertThat(bundleState(target)).isEqualTo("Active");
        // same origin still needs the administrator
        assertThat(devrig.send("POST", path, "karaf:karaf", "action=stop", "Origin", own()).statusCode())
                .isEqualTo(401);
        assertThat(bundleState(target)).isEqualTo("Active");
    }

    @Test
    @Order(6)
    void hostileServicePropertiesAreTextOnTheServicesPage() throws Exception {
        long id = -1;
        JsonNode list = JSON.readTree(devrig.get(CONSOLE + "/services.json", admin).body());
        for (JsonNode service : list.get("data")) {
            if ("io.devrig.health".equals(service.path("pid").asText())) {
                id = service.get("id").asLong();
            }
        }
        assertThat(id).as("the configured health service").isPositive();

        // the JSON: the values as JSON strings, served as JSON, not sniffable as HTML
        HttpResponse<String> json = devrig.get(CONSOLE + "/services/" + id + ".json", admin);
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(props(JSON.readTree(json.body()))).containsEntry("xss.img", IMG).containsEntry("xss.script", SCRIPT);

        // the page: the data sits in a script block as JSON, where "</" cannot end the block
        String page = devrig.get(CONSOLE + "/services/" + id, admin).body();
        assertThat(page).doesNotContain(SCRIPT).doesNotContain("</script><script>alert(");
        Matcher data = Pattern.compile("(?m)^var data = (.*);$").matcher(page);
        assertThat(data.find()).as("the page's data line").isTrue();
        assertThat(props(JSON.readTree(data.group(1)))).containsEntry("xss.img", IMG).containsEntry("xss.script", SCRIPT);
        // and nowhere as markup: outside the script blocks the page has no trace of either value
        String markup = page.replaceAll("(?s)<script[^>]*>.*?</script>", "");
        assertThat(markup).doesNotContain("onerror").doesNotContain("alert(");

        // the script that renders it is DevRig's: values reach the page as text, never as HTML
        String script = devrig.get(CONSOLE + "/res/ui/services.js", admin).body();
        assertThat(script).contains("DevRig's Services page script", ".text(String(props[i].key))",
                "document.createTextNode(String(value[i]))")
                .doesNotContain(".html(", "innerHTML", "+ prop.value", "txt + value");
    }

    // ---- 5. the readiness probe shows no file path ----

    @Test
    @Order(7)
    void theReadinessProbeShowsNoAbsolutePath() throws Exception {
        HttpResponse<String> ready = devrig.get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).doesNotContain(devrig.home.toString())
                .doesNotContain(devrig.home.toRealPath().toString())
                .doesNotContain(work.toString())
                .contains("${karaf.data}/devrig.db", "${karaf.data}/devrig/initial-admin-password",
                        "${karaf.etc}/devrig-secrets.key");
        // every string in it: no absolute path at all
        List<String> strings = new ArrayList<>();
        collectStrings(JSON.readTree(ready.body()), strings);
        assertThat(strings).noneMatch(s -> s.matches("(?s).*(^|[\\s\"'=(\\[])/[^\\s]*/.*"));
    }

    // ---- the heap can be changed as the README says ----

    @Test
    @Order(8)
    void javaMaxMemFromTheEnvironmentChangesTheHeap() throws Exception {
        devrig.stop(Duration.ofSeconds(90));
        devrig.start(Map.of("JAVA_MAX_MEM", "512M"));
        devrig.awaitReady(Duration.ofSeconds(180));
        assertThat(javaArguments()).contains("-Xmx512M").doesNotContain("-Xmx1024M");
        assertThat(privateTo(devrig.home.resolve("data/devrig.db"))).isTrue();
    }

    // ---- helpers ----

    private String own() {
        return "http://127.0.0.1:" + devrig.httpPort;
    }

    private List<String> javaArguments() throws Exception {
        byte[] cmdline = Files.readAllBytes(Path.of("/proc", String.valueOf(devrig.javaProcess().pid()), "cmdline"));
        return List.of(new String(cmdline, StandardCharsets.UTF_8).split("\u0000"));
    }

    private long bundleId(String symbolicName) throws Exception {
        JsonNode bundles = JSON.readTree(devrig.get(CONSOLE + "/bundles.json", admin).body());
        for (JsonNode b : bundles.get("data")) {
            if (symbolicName.equals(b.get("symbolicName").asText())) {
                return b.get("id").asLong();
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private String bundleState(long id) throws Exception {
        HttpResponse<String> response = devrig.get(CONSOLE + "/bundles/" + id + ".json", admin);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("data").get(0).get("state").asText();
    }

    private static Map<String, String> props(JsonNode answer) {
        Map<String, String> props = new java.util.HashMap<>();
        for (JsonNode p : answer.get("data").get(0).get("props")) {
            props.put(p.get("key").asText(), p.get("value").isTextual() ? p.get("value").asText() : p.get("value").toString());
        }
        return props;
    }

    private static void collectStrings(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        }
        node.fieldNames().forEachRemaining(into::add);
        node.elements().forEachRemaining(child -> collectStrings(child, into));
    }

    private static boolean privateTo(Path p) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            return permissions.stream().noneMatch(GROUP_OR_OTHER::contains);
        } catch (java.io.IOException e) {
            // a file that went away while walking (a temp file): nothing to check
            return true;
        }
    }

    private static String perms(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        } catch (java.io.IOException e) {
            return "gone";
        }
    }
}
