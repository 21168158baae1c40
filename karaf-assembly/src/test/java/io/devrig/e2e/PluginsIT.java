package io.devrig.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins in the real distribution, driven as an admin would: a plugin dropped into
 * deploy/ waits for approval, is granted with devrig:plugin-grant, is replaced by a new
 * version dropped into deploy/ while DevRig runs; secrets set through the shell never
 * reach the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class PluginsIT {

    static final String GOOD = "io.devrig.itest.plugin.good";

    @TempDir
    static Path work;
    Distribution devrig;
    Path plugins;
    Path localRepo;

    @BeforeAll
    void start() throws Exception {
        plugins = Path.of(System.getProperty("devrig.testPlugins", "target/test-plugins"));
        devrig = Distribution.unpack(Path.of(System.getProperty("devrig.distribution")), work);
        // bundle:watch looks for newer SNAPSHOTs in the local Maven repository: give this
        // instance its own (and no remote repositories, so nothing is fetched)
        localRepo = work.resolve("m2");
        Files.createDirectories(localRepo);
        Path mvnCfg = devrig.home.resolve("etc/org.ops4j.pax.url.mvn.cfg");
        Files.writeString(mvnCfg, Files.readString(mvnCfg).replaceAll("(?s)org\\.ops4j\\.pax\\.url\\.mvn\\.repositories=.*?(\\n\\s*\\n|\\n(?=\\S))", "")
                + "\norg.ops4j.pax.url.mvn.localRepository=" + localRepo + "\norg.ops4j.pax.url.mvn.repositories=\n");
        devrig.startFirstTime();
    }

    @AfterAll
    void stop() throws Exception {
        if (devrig != null) {
            devrig.stopAndKill("PluginsIT");
        }
    }



    @Test
    @org.junit.jupiter.api.Order(1)
    void aPluginDroppedIntoDeployIsApprovedAndReplacedWhileDevRigRuns() throws Exception {
        Path deployed = devrig.home.resolve("deploy/good-plugin.jar");
        Files.copy(plugins.resolve(GOOD + ".jar"), deployed);
        String waiting = devrig.awaitAdmin("devrig:plugin " + GOOD, o -> o.contains("awaiting-approval"), "the plugin to await approval");
        assertThat(waiting).contains("network", "0.1.0");

        String granted = devrig.admin("devrig:plugin-grant " + GOOD);
        assertThat(granted).contains("Plugin " + GOOD + " is active", "network");

        // a new version dropped over the old file: Felix FileInstall updates the bundle in place
        Path staged = devrig.home.resolve("good-plugin.jar.new");
        Files.copy(plugins.resolve(GOOD + ".v2.jar"), staged);
        Files.move(staged, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String updated = devrig.awaitAdmin("devrig:plugin " + GOOD, o -> o.contains("0.2.0") && o.contains("active"),
                "version 0.2.0 to be active");
        assertThat(updated).contains("network");

        String list = devrig.admin("devrig:plugins");
        assertThat(list).contains(GOOD, "0.2.0", "active");

        String badConfig = devrig.admin("devrig:plugin-config " + GOOD + " '{\"a\": 1}'");
        assertThat(badConfig).contains("Error:", "declares no settings schema").doesNotContain("Exception");

        Files.delete(deployed);
        devrig.awaitAdmin("devrig:plugin " + GOOD, o -> o.contains("installed") && !o.contains("active"),
                "the uninstalled plugin to be kept as installed");
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void bundleWatchReplacesAPluginWhenANewSnapshotLandsInTheLocalRepository() throws Exception {
        String watched = "io.devrig.itest.plugin.good";
        Path artifact = localRepo.resolve("io/devrig/" + watched + "/0.1.0-SNAPSHOT/" + watched + "-0.1.0-SNAPSHOT.jar");
        Files.createDirectories(artifact.getParent());
        Files.copy(plugins.resolve(GOOD + ".jar"), artifact, StandardCopyOption.REPLACE_EXISTING);
        String url = "mvn:io.devrig/" + watched + "/0.1.0-SNAPSHOT";

        // -s asks for the bundle to run; the framework may refuse that first start (no plugin code runs
        // before the host has judged and admitted it), the request is kept all the same
        String installed = devrig.admin("bundle:install -s " + url);
        assertThat(installed).contains("Bundle ID:").doesNotContain("Unable to install bundle");
        String bundleId = installed.lines().filter(l -> l.startsWith("Bundle ID:")).findFirst().orElseThrow()
                .substring("Bundle ID:".length()).strip();
        // the grants of the deploy/ test were kept when it uninstalled the plugin: active at once, and
        // the host starts its bundle itself, without a second bundle:start
        devrig.awaitAdmin("devrig:plugin " + GOOD, o -> o.contains("0.1.0") && o.contains("State:        active"),
                "the re-installed plugin to be active with its kept grants");
        devrig.awaitAdmin("bundle:list -s " + bundleId, o -> o.lines().anyMatch(l -> l.contains(watched) && l.contains("| Active")),
                "the host to start the admitted plugin's bundle");
        assertThat(devrig.admin("bundle:watch " + url)).doesNotContain("Error");

        // a rebuild of the plugin lands in the local repository
        Files.copy(plugins.resolve(GOOD + ".v2.jar"), artifact, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(artifact, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        String updated = devrig.awaitAdmin("devrig:plugin " + GOOD, o -> o.contains("0.2.0") && o.contains("active"),
                "bundle:watch to install version 0.2.0");
        assertThat(updated).contains("events:publish", "network");
        devrig.admin("bundle:watch --remove " + url + "\nbundle:uninstall " + watched);
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void secretsSetThroughTheShellNeverReachTheLog() throws Exception {
        String canary = String.join("", "DEVRIG", "-CANARY-", "5EC12E7");
        String set = devrig.admin("echo -n " + canary + " | devrig:secret-set e2e/token");
        assertThat(set).contains("Secret e2e/token saved").doesNotContain(canary);
        String list = devrig.admin("devrig:secret-list");
        assertThat(list).contains("e2e/token", "********").doesNotContain(canary);
        String missing = devrig.admin("devrig:secret-delete e2e/nothing");
        assertThat(missing).contains("Error:").doesNotContain("Exception");
        assertThat(devrig.log()).doesNotContain(canary);
        assertThat(Files.readString(devrig.home.resolve("console.out"))).doesNotContain(canary);
        assertThat(devrig.home.resolve("etc/devrig-secrets.key")).exists();
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void theQueueCommandsAnswer() throws Exception {
        String output = devrig.admin("devrig:queue-stats\ndevrig:dlq\ndevrig:dlq-retry no-such-job");
        assertThat(output).contains("(all)", "PENDING", "DEAD", "Scheduled retries: 0", "No dead jobs.", "Error:")
                .doesNotContain("Exception");
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void aDataSourcePluginFillsTheInboxOnceGrantedAndTheUserWorksTheList() throws Exception {
        String plugin = "io.devrig.itest.plugin.inbox";
        Files.copy(plugins.resolve(plugin + ".jar"), devrig.home.resolve("deploy/inbox-plugin.jar"));
        devrig.awaitAdmin("devrig:plugin " + plugin, o -> o.contains("awaiting-approval"), "the plugin to await approval");
        // nothing is stored before the grant: the plugin is kept stopped
        assertThat(devrig.admin("devrig:inbox --plugin " + plugin)).contains("No items.");

        assertThat(devrig.admin("devrig:plugin-grant " + plugin)).contains("is active", "inbox:write");
        String list = devrig.awaitAdmin("devrig:inbox --plugin " + plugin, o -> o.contains("2 of 2"),
                "the two good items in the inbox");
        assertThat(list).contains("Build broken on main", "Release notes drafted", "urgent", "low")
                .doesNotContain("Too long");
        // the bad item was refused alone, with the reason
        assertThat(devrig.log()).contains("itest feed stored: created=2 updated=0 failures=[feed-3: preview");

        String hits = devrig.admin("devrig:inbox-search 'nightly build'");
        assertThat(hits).contains("Build broken on main", "[nightly]");
        String id = list.lines().filter(l -> l.contains("Build broken on main")).findFirst().orElseThrow()
                .trim().split("\\s+")[0];
        assertThat(devrig.admin("devrig:inbox-archive " + id)).contains("1");
        assertThat(devrig.admin("devrig:inbox --plugin " + plugin)).contains("1 of 1").doesNotContain("Build broken");
        assertThat(devrig.admin("devrig:inbox-stats")).contains(plugin);
    }

    @Test
    @org.junit.jupiter.api.Order(6)
    void theShippedGitPluginSyncsARepositoryThatNeedsAttentionAndArchivesItWhenClean() throws Exception {
        String git = "io.devrig.plugin.git";
        String source = "git.repositories";
        // shipped, started and pre-approved (etc/io.devrig.plugin.host.cfg): no grant needed
        assertThat(devrig.awaitAdmin("devrig:plugin " + git, o -> o.contains("active"), "the git plugin to be active"))
                .contains("inbox:write");
        // judged by the host before it started at boot (start level 90, the host's STARTING wait):
        // its services were never registered while hidden, so it was not restarted
        assertThat(devrig.log()).doesNotContain("Restarting plugin " + git);

        Path roots = Files.createDirectories(work.resolve("repos"));
        Path repo = Files.createDirectories(roots.resolve("e2e-demo"));
        Distribution.exec(repo, "git", "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("README.md"), "demo\n");
        Distribution.exec(repo, "git", "add", "README.md");
        Distribution.exec(repo, "git", "-c", "user.name=e2e", "-c", "user.email=e2e@example.invalid", "commit", "-q",
                "-m", "first");
        Files.writeString(repo.resolve("notes.txt"), "work in progress\n");
        Files.writeString(repo.resolve("README.md"), "demo\nchanged\n");
        // the committer of git.commit is the identity of the DevRig process's git: set it for this repository
        Distribution.exec(repo, "git", "config", "user.name", "e2e");
        Distribution.exec(repo, "git", "config", "user.email", "e2e@example.invalid");

        String rootsJson = roots.toRealPath().toString().replace("\\", "\\\\");
        // one setting for the data source and the actions alike: the plugin's settings
        assertThat(devrig.admin("devrig:plugin-config " + git + " '{\"roots\": [\"" + rootsJson + "\"]}'"))
                .doesNotContain("Error");
        assertThat(devrig.admin("devrig:plugin-config " + git)).contains(rootsJson);
        assertThat(devrig.admin("devrig:sync-config " + git + " " + source + " '{\"config\": {\"roots\": []}}'"))
                .as("the old per-source config points to the new command").contains("Error", "devrig:plugin-config");
        assertThat(devrig.admin("devrig:sync-config " + git + " " + source + " '{\"intervalMs\": 600000}'"))
                .contains("every 600 s, enabled");
        assertThat(devrig.admin("devrig:sync-now " + git + " " + source)).contains("started");
        String list = devrig.awaitAdmin("devrig:inbox --plugin " + git, o -> o.contains("e2e-demo"),
                "the dirty repository in the inbox");
        assertThat(list).contains("2 uncommitted changes");
        String status = devrig.awaitAdmin("devrig:sync-status", o -> o.contains(source) && o.contains("idle"),
                "the cycle to end");
        assertThat(status.lines().filter(l -> l.contains(source)).findFirst().orElseThrow()).contains(git, "yes");

        String id = list.lines().filter(l -> l.contains("e2e-demo")).findFirst().orElseThrow().trim().split("\\s+")[0];
        String acted = devrig.admin("devrig:inbox-act " + id + " git.status '{\"path\": \"{{item.metadata.path}}\"}'");
        assertThat(acted).contains("notes.txt", "main").doesNotContain("Error");
        // diff and commit under the plugin guard with the shipped grants (process:git, files:read; no files:write)
        String diff = devrig.admin("devrig:inbox-act " + id
                + " git.diff '{\"repository\": \"{{item.metadata.path}}\", \"stat\": true}'");
        assertThat(diff).contains("README.md", "1 file changed, 1 insertion(+), 0 deletions(-)").doesNotContain("Error");
        String committed = devrig.admin("devrig:inbox-act " + id
                + " git.commit '{\"repository\": \"{{item.metadata.path}}\", \"message\": \"second\","
                + " \"includeUntracked\": true}'");
        assertThat(committed).containsPattern("\"created\"\\s*:\\s*true")
                .containsPattern("\"idempotencyKey\"\\s*:\\s*\"inbox:").contains("notes.txt", "README.md")
                .doesNotContain("Error");

        // clean again: the next cycle archives the item
        devrig.admin("devrig:sync-now " + git + " " + source);
        devrig.awaitAdmin("devrig:inbox --plugin " + git, o -> o.contains("No items."), "the clean repository archived");
        assertThat(devrig.admin("devrig:inbox --plugin " + git + " --status archived")).contains("e2e-demo");
    }

    @Test
    @org.junit.jupiter.api.Order(7)
    void theGitHubPluginSyncsNotificationsFromItsApiAndCommentsOnAnItem() throws Exception {
        String github = "io.devrig.plugin.github";
        String source = "github.notifications";
        String token = "ghp_e2e" + Long.toHexString(System.nanoTime());
        try (GitHubApiServer api = new GitHubApiServer(token)) {
            // the distribution's catalog lists the plugins it ships (etc/devrig-catalog.json, generated at
            // build time from their jars) and installs the GitHub plugin from the distribution's system/ repository
            String catalog = devrig.admin("devrig:catalog");
            assertThat(catalog).doesNotContain("No plugins match").contains(github, "source-control",
                    "inbox:write,network,secrets:read", "io.devrig.plugin.git");
            assertThat(devrig.admin("devrig:catalog --category source-control github")).contains(github)
                    .doesNotContain("io.devrig.plugin.git ");
            assertThat(devrig.admin("devrig:catalog-install " + github)).contains("Installed " + github + " 0.1.0");
            devrig.awaitAdmin("devrig:plugin " + github, o -> o.contains("awaiting-approval"),
                    "the GitHub plugin to await approval");
            assertThat(devrig.admin("devrig:catalog " + github)).containsPattern(github + ".*yes");
            // set up while it waits: the token in the vault, the API URL (as for GitHub Enterprise: one
            // plugin setting for data sources and actions), and the loopback server on the outbound allow-list
            devrig.admin("echo -n " + token + " | devrig:secret-set " + github + "/token");
            devrig.admin("config:property-set -p io.devrig.http allowList 127.0.0.1:" + api.port());
            assertThat(devrig.admin("devrig:plugin-config " + github + " '{\"apiUrl\": \"" + api.baseUrl() + "\"}'"))
                    .doesNotContain("Error");
            assertThat(api.requests).as("nothing is called before the grant").isEmpty();

            // granted: its data sources appear and sync at once
            assertThat(devrig.admin("devrig:plugin-grant " + github)).contains("is active");
            String list = devrig.awaitAdmin("devrig:inbox --plugin " + github, o -> o.contains("2 of 2"),
                    "the two notifications in the inbox");
            assertThat(list).contains("Add the sync scheduler", "Inbox search is slow");
            assertThat(api.requests).anySatisfy(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.path()).isEqualTo("/notifications");
                assertThat(r.authorization()).isEqualTo("Bearer " + token);
            });
            devrig.awaitAdmin("devrig:sync-status", o -> o.lines().anyMatch(l -> l.contains(source) && l.contains("idle")),
                    "the sync to end without an error");
            assertThat(devrig.admin("devrig:plugin-config " + github + " '{\"apiUrl\": \"" + api.baseUrl()
                    + "\", \"notifications\": {\"all\": \"yes\"}}'"))
                    .as("checked against the plugin's settings schema").contains("Error", "$.notifications.all");
            assertThat(devrig.admin("devrig:plugin-config " + github)).as("nothing saved").doesNotContain("notifications");

            String id = list.lines().filter(l -> l.contains("Add the sync scheduler")).findFirst().orElseThrow().trim()
                    .split("\\s+")[0];
            String acted = devrig.admin("devrig:inbox-act " + id + " github.comment '{\"repository\": "
                    + "\"{{item.metadata.repository}}\", \"number\": \"{{item.metadata.number}}\", \"body\": \"Looks good\"}'");
            assertThat(acted).doesNotContain("Error").contains("issuecomment-9001");
            assertThat(api.requests).anySatisfy(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.path()).isEqualTo("/repos/octo/devrig/issues/5/comments");
                assertThat(r.body()).contains("\"body\"", "Looks good");
            });
            assertThat(devrig.log()).as("the token never reaches the log").doesNotContain(token);
        }
    }
}
