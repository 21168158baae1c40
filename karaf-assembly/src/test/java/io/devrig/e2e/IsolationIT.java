package io.devrig.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin isolation in the shipped distribution, with hostile plugins dropped into deploy/:
 * no code of a plugin runs before its approval however its bundle is poked from the shell;
 * a plugin without permissions that tries to exit, halt, run a process, open a socket, read
 * DevRig's database or vault key, write into etc/ or call exit by reflection is refused on
 * each call, with the call site, while the server keeps running; the shipped git plugin keeps
 * its grants; undeclared services of a plugin put it in error and are never served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IsolationIT {

    static final String UNAPPROVED = "io.devrig.itest.plugin.unapproved";
    static final String HOSTILE = "io.devrig.itest.plugin.hostile.actions";
    static final String SNEAKY = "io.devrig.itest.plugin.sneaky";
    static final String PAGE = "io.devrig.itest.plugin.page";
    /** The system property the unapproved plugin sets when any of its code runs (Marker). */
    static final String UNAPPROVED_MARK = "io.devrig.itest.plugin.unapproved.ran";
    /** Where the guard reports a refused call of the hostile plugin's action. */
    static final String SITE = "(at io.devrig.itest.plugin.hostile.actions.HostileTry.execute(HostileTry.java:";

    static final String WORKFLOW = """
            {"schemaVersion": 1, "id": "hostile", "version": 1, "name": "Hostile attempts",
             "trigger": {"type": "manual", "inputSchema": {"type": "object", "required": ["attempt", "arg"]}},
             "nodes": [
              {"id": "try", "type": "action", "actionType": "hostile.try",
               "config": {"attempt": {"$ref": "input.attempt"}, "arg": {"$ref": "input.arg"}},
               "position": {"x": 0, "y": 0}}
             ],
             "edges": [],
             "settings": {"maxConcurrentRuns": 1, "timeoutMs": 60000,
               "retryPolicy": {"maxAttempts": 1, "initialDelayMs": 100, "backoffMultiplier": 2, "maxDelayMs": 1000},
               "errorHandling": "stop", "executionMode": "sequential"}}
            """;

    @TempDir
    static Path work;

    Distribution devrig;
    Path plugins;

    @BeforeAll
    void start() throws Exception {
        plugins = Path.of(System.getProperty("devrig.testPlugins", "target/test-plugins"));
        devrig = Distribution.unpack(Path.of(System.getProperty("devrig.distribution")), work);
        devrig.startFirstTime();
    }

    @AfterAll
    void stop() throws Exception {
        if (devrig != null) {
            devrig.stopAndKill("IsolationIT");
        }
    }

    @Test
    @Order(1)
    void noCodeOfAPluginRunsBeforeItsApprovalHoweverItsBundleIsStarted() throws Exception {
        Files.copy(plugins.resolve(UNAPPROVED + ".jar"), devrig.home.resolve("deploy/unapproved.jar"));
        String waiting = devrig.awaitAdmin("devrig:plugin " + UNAPPROVED,
                o -> o.contains("State:        awaiting-approval"), "the plugin to await approval");
        assertThat(waiting).contains("Requested:    network", "Granted:      none", "Pending:      network");
        assertThat(mark()).as("no class of the plugin loaded").isEqualTo("null");

        String bundleId = bundleId(UNAPPROVED);
        String started = devrig.admin("bundle:start " + bundleId);
        assertThat(started).as("bundle:start is refused, or does nothing").satisfiesAnyOf(
                o -> assertThat(o).isBlank(), o -> assertThat(o).contains("Error starting bundle " + bundleId + ": "));
        String refreshed = devrig.admin("bundle:refresh " + bundleId);
        assertThat(refreshed).as("bundle:refresh fails, or does nothing").satisfiesAnyOf(
                o -> assertThat(o).isBlank(), o -> assertThat(o).contains("Error"));
        assertThat(devrig.admin("bundle:list -s " + bundleId)).containsPattern(bundleId + " \\| Installed +\\| +80 \\| .*" + UNAPPROVED);
        assertThat(mark()).as("neither the start nor the refresh ran its code").isEqualTo("null");
        assertThat(devrig.admin("devrig:plugin " + UNAPPROVED)).contains("State:        awaiting-approval");

        assertThat(devrig.admin("devrig:plugin-grant " + UNAPPROVED)).contains("Plugin " + UNAPPROVED + " is active (granted: network)");
        assertThat(devrig.awaitAdmin("system:property " + UNAPPROVED_MARK, o -> o.contains("activated"),
                "the approved plugin's component to activate")).doesNotContain("null");
        devrig.awaitAdmin("bundle:list -s " + bundleId, o -> o.contains(bundleId + " | Active"),
                "the approved plugin's bundle to be started by the host");
    }

    @Test
    @Order(2)
    void aPluginWithoutPermissionsIsRefusedEveryDangerousCallAndTheServerKeepsRunning() throws Exception {
        Files.copy(plugins.resolve(HOSTILE + ".jar"), devrig.home.resolve("deploy/hostile-actions.jar"));
        // no permissions asked: active at once, its action available
        devrig.awaitAdmin("devrig:plugin " + HOSTILE,
                o -> o.contains("State:        active") && o.contains("Unavailable:  none"), "the hostile plugin to be active");
        assertThat(devrig.home.resolve("data/devrig/plugins/" + HOSTILE + "/activated"))
                .as("its component ran and wrote into its own folder").hasContent("yes");

        Path file = work.resolve("hostile.json");
        Files.writeString(file, WORKFLOW);
        assertThat(devrig.admin("devrig:workflow-import --publish " + file))
                .contains("Created workflow hostile", "Published hostile as version 1");
        long jvm = devrig.javaProcess().pid();
        assertThat(run("ping", "")).contains("Status:      completed", "Error:       -",
                "[try] output: {\"attempt\":\"ping\",\"result\":\"pong\"}");

        String prefix = "plugin " + HOSTILE + " may not ";
        attempt("exit", "", prefix + "call System.exit " + SITE);
        assertThat(devrig.javaProcess().pid()).as("the same JVM after System.exit").isEqualTo(jvm);
        attempt("halt", "", prefix + "call Runtime.halt " + SITE);
        assertThat(devrig.javaProcess().pid()).as("the same JVM after Runtime.halt").isEqualTo(jvm);
        attempt("reflectExit", "", prefix + "call Method.invoke on java.lang.Runtime.exit " + SITE);
        assertThat(devrig.javaProcess().pid()).as("the same JVM after Runtime.exit by reflection").isEqualTo(jvm);
        attempt("exec", "", prefix + "run 'id' without the permission process:id " + SITE);
        attempt("socket", String.valueOf(devrig.httpPort),
                prefix + "call new Socket without the permission network:direct " + SITE);
        // the invoker cuts a plugin's message at 200 characters: with the distribution's long path, the
        // site of a file refusal is in the plugin's notices (checked below), not in the run's error
        String offLimits = ": DevRig's own files are off limits to plugins";
        // the paths as the plugin built them, from karaf.data and karaf.etc
        String db = devrig.home.resolve("data/devrig.db").toString();
        String key = devrig.home.resolve("etc/devrig-secrets.key").toString();
        String etcFile = devrig.home.resolve("etc/hostile.cfg").toString();
        String readDb = attempt("readDb", "", prefix + "read " + db + offLimits);
        String readKey = attempt("readVaultKey", "", prefix + "read " + key + offLimits);
        attempt("writeEtc", "hostile.cfg", prefix + "write " + etcFile + offLimits);
        assertThat(run("ping", "")).as("the plugin itself still works").contains("Status:      completed",
                "[try] output: {\"attempt\":\"ping\",\"result\":\"pong\"}");

        // what it tried to read never reached its output
        for (String hex : List.of(firstBytes(devrig.home.resolve("data/devrig.db")),
                firstBytes(devrig.home.resolve("etc/devrig-secrets.key")))) {
            assertThat(readDb).doesNotContain(hex);
            assertThat(readKey).doesNotContain(hex);
        }
        assertThat(devrig.home.resolve("etc/hostile.cfg")).as("nothing written into etc/").doesNotExist();
        try (var etc = Files.list(devrig.home.resolve("etc"))) {
            assertThat(etc.filter(p -> p.getFileName().toString().contains("hostile")).toList()).isEmpty();
        }

        // every refusal is listed on the plugin, with its site
        String info = devrig.admin("devrig:plugin " + HOSTILE);
        assertThat(info).contains("State:        active", "Failures:     8");
        List<String> notices = List.of("call System.exit", "call Runtime.halt", "call Method.invoke on java.lang.Runtime.exit",
                "run 'id' without the permission process:id", "call new Socket without the permission network:direct",
                "read " + db + offLimits, "read " + key + offLimits, "write " + etcFile + offLimits);
        for (String notice : notices) {
            assertThat(info).contains("refused by the sandbox: " + prefix + notice + " " + SITE);
        }
        assertThat(devrig.log()).contains(prefix + "call System.exit " + SITE);
    }

    @Test
    @Order(3)
    void theShippedGitPluginKeepsItsGrants() throws Exception {
        String git = devrig.awaitAdmin("devrig:plugin io.devrig.plugin.git", o -> o.contains("State:        active"),
                "the git plugin to be active");
        assertThat(git).contains("Requested:    files:read, inbox:write, process:git",
                "Granted:      files:read, inbox:write, process:git", "Pending:      none", "Error:        -");
        assertThat(git).containsPattern("Notices: +none");
    }

    @Test
    @Order(4)
    void undeclaredServicesPutAPluginInErrorAndItsServletIsNeverServed() throws Exception {
        Files.copy(plugins.resolve(SNEAKY + ".jar"), devrig.home.resolve("deploy/sneaky.jar"));
        String sneaky = devrig.awaitAdmin("devrig:plugin " + SNEAKY, o -> o.contains("State:        error"),
                "the sneaky plugin to be in error");
        assertThat(sneaky).containsPattern("Error: +published service \\d+ \\[(io\\.devrig\\.api\\.action\\.ActionHook"
                + "|javax\\.servlet\\.Servlet|javax\\.servlet\\.Filter)] without the service property "
                + "devrig\\.capability=<kind>:<id> naming the descriptor entry it implements "
                + "\\(declared: action:itest\\.sneaky\\); the service is not used");
        assertThat(devrig.admin("bundle:list -s " + bundleId(SNEAKY))).contains("Installed");

        // its whiteboard servlet (pattern /sneaky/*) is not served; the server itself answers
        assertThat(devrig.get("/sneaky/x", null).statusCode()).isEqualTo(404);
        assertThat(devrig.get("/sneaky", null).statusCode()).isEqualTo(404);
        HttpResponse<String> live = devrig.get("/health/live", null);
        assertThat(live.statusCode()).isEqualTo(200);
        HttpResponse<String> ready = devrig.get("/health/ready", null);
        assertThat(ready.statusCode()).as("a plugin in error does not make DevRig unready").isEqualTo(200);
        assertThat(ready.body()).contains("\"name\":\"plugins\"", "\"error\":[\"" + SNEAKY + "\"]");
    }

    /**
     * A plugin that is barred (here the sneaky one, in error, its bundle installed) must not keep
     * an admitted plugin from resolving: the hostile plugin, dropped again, runs as before.
     */
    @Test
    @Order(5)
    void anAdmittedPluginStillResolvesWhileAnotherIsBarred() throws Exception {
        assertThat(devrig.admin("devrig:plugin " + SNEAKY)).contains("State:        error");
        Files.delete(devrig.home.resolve("deploy/hostile-actions.jar"));
        devrig.awaitAdmin("devrig:plugin " + HOSTILE, o -> o.contains("State:        installed"),
                "the hostile plugin to be uninstalled");

        Files.copy(plugins.resolve(HOSTILE + ".jar"), devrig.home.resolve("deploy/hostile-actions.jar"));
        devrig.awaitAdmin("devrig:plugin " + HOSTILE, o -> o.contains("State:        active"),
                "the hostile plugin to be active again");
        String bundleId = bundleId(HOSTILE);
        devrig.awaitAdmin("bundle:list -s " + bundleId, o -> o.contains(bundleId + " | Active"),
                "the admitted plugin's bundle to resolve and start while " + SNEAKY + " is barred");
        devrig.awaitAdmin("devrig:plugin " + HOSTILE, o -> o.contains("Unavailable:  none"), "its action to be available");
        assertThat(run("ping", "")).contains("Status:      completed",
                "[try] output: {\"attempt\":\"ping\",\"result\":\"pong\"}");
        assertThat(devrig.log()).doesNotContain("Could not start the bundle of plugin " + HOSTILE + ": Unable to resolve");
    }

    /**
     * A declared page is served by DevRig behind Karaf's JAAS realm (the admin the first start
     * created), never by the HTTP whiteboard at the path the plugin asked for.
     */
    @Test
    @Order(6)
    void aDeclaredPageIsServedOnlyToTheAdministratorThroughDevRig() throws Exception {
        Files.copy(plugins.resolve(PAGE + ".jar"), devrig.home.resolve("deploy/page.jar"));
        devrig.awaitAdmin("devrig:plugin " + PAGE, o -> o.contains("State:        active") && o.contains("Unavailable:  none"),
                "the page plugin to be active with its page");
        String page = "/devrig/plugins/" + PAGE + "/itest.board/hello";
        String admin = "admin:" + devrig.initialPassword().orElseThrow();

        HttpResponse<String> anonymous = devrig.get(page, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(anonymous.body()).doesNotContain("board /hello");
        assertThat(devrig.get(page, "admin:wrong-password").statusCode()).isEqualTo(401);
        assertThat(devrig.get(page, "karaf:karaf").statusCode()).isEqualTo(401);

        HttpResponse<String> signedIn = devrig.get(page, admin);
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.body()).isEqualTo("board /hello");
        assertThat(devrig.get("/devrig/plugins/" + PAGE + "/no-such-page/", admin).statusCode()).isEqualTo(404);
        // the whiteboard pattern the plugin asked for is not served
        assertThat(devrig.get("/board/x", admin).statusCode()).isEqualTo(404);
    }

    /** Runs the hostile workflow once; the output of devrig:run --wait and devrig:run-show. */
    private String run(String attempt, String arg) throws Exception {
        String run = devrig.admin("devrig:run --wait hostile '{\"attempt\": \"" + attempt + "\", \"arg\": \"" + arg + "\"}'");
        String runId = run.lines().filter(l -> l.startsWith("Run:")).findFirst()
                .orElseThrow(() -> new AssertionError("no run started for " + attempt + ":\n" + run)).split("\\s+")[1];
        return run + devrig.admin("devrig:run-show " + runId);
    }

    /**
     * One refused attempt: the run fails with the guard's refusal, and the server still answers
     * (the shell and /health/live). Returns what the run showed.
     */
    private String attempt(String attempt, String arg, String refusal) throws Exception {
        String shown = run(attempt, arg);
        assertThat(shown).as(attempt).contains("Status:      failed",
                "Error:       PLUGIN_ERROR (plugin): plugin " + HOSTILE + " failed in action:hostile.try: "
                        + "java.lang.SecurityException: " + refusal)
                .doesNotContain("[try] output:");
        assertThat(devrig.admin("devrig:plugin " + HOSTILE)).as("the shell answers after " + attempt)
                .contains("State:        active");
        HttpResponse<String> live = devrig.get("/health/live", null);
        assertThat(live.statusCode()).as("live after " + attempt).isEqualTo(200);
        return shown;
    }

    private String mark() throws Exception {
        return devrig.admin("system:property " + UNAPPROVED_MARK).strip();
    }

    private String bundleId(String symbolicName) throws Exception {
        String list = devrig.admin("bundle:list -s -t 0");
        return list.lines().filter(l -> l.strip().endsWith("| " + symbolicName)).findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " not installed:\n" + list))
                .split("\\|")[0].strip();
    }

    private static String firstBytes(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return HexFormat.of().formatHex(Arrays.copyOf(bytes, Math.min(16, bytes.length)));
    }
}
