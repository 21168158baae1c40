package io.devrig.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.health.HealthResult;
import io.devrig.api.health.HealthStatus;
import io.devrig.api.plugin.CatalogEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search, merging of several indexes, re-reading and health. */
class CatalogTest {

    static final String INDEX = """
            {"catalogVersion": 1, "plugins": [
              {"name": "acme.slack", "version": "1.0.0", "displayName": "Slack", "description": "Channel messages",
               "category": "chat", "tags": ["messaging", "team"], "location": "mvn:com.acme/slack/1.0.0"},
              {"name": "acme.github", "version": "2.1.0", "displayName": "GitHub", "description": "Pull requests and ISSUES",
               "category": "source-control", "tags": ["git", "review"], "permissions": ["network"],
               "location": "mvn:com.acme/github/2.1.0"},
              {"name": "acme.gitlab", "version": "1.4.0", "displayName": "GitLab", "description": "Merge requests",
               "category": "Source-Control", "tags": ["Git"], "location": "mvn:com.acme/gitlab/1.4.0"},
              {"name": "acme.jira", "version": "3.0.0", "displayName": "Jira", "description": "Tickets, linked to git commits",
               "category": "tracker", "tags": ["issues"], "location": "mvn:com.acme/jira/3.0.0"}
            ]}""";

    @TempDir
    Path dir;
    FakeInstaller installer = new FakeInstaller();
    Path main;
    Catalog catalog;

    @BeforeEach
    void setUp() throws IOException {
        main = write("devrig-catalog.json", INDEX);
        catalog = new Catalog(List.of(Catalog.Source.file("main", main, false)), installer);
    }

    Path write(String name, String json) throws IOException {
        Path file = dir.resolve(name).toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    List<String> names(List<CatalogEntry> entries) {
        return entries.stream().map(CatalogEntry::name).toList();
    }

    @Test
    void withoutFiltersEverythingSortedByName() {
        assertThat(names(catalog.search(null, null, null)))
                .containsExactly("acme.github", "acme.gitlab", "acme.jira", "acme.slack");
        assertThat(names(catalog.search(" ", "", "\t"))).as("blank filters are ignored")
                .containsExactly("acme.github", "acme.gitlab", "acme.jira", "acme.slack");
    }

    @Test
    void textMatchesNameDisplayNameDescriptionAndTagsIgnoringCase() {
        assertThat(names(catalog.search("SLACK", null, null))).as("name and display name").containsExactly("acme.slack");
        assertThat(names(catalog.search("merge REQ", null, null))).as("description").containsExactly("acme.gitlab");
        assertThat(names(catalog.search("issues", null, null))).as("description (ISSUES) and tag (issues)")
                .containsExactly("acme.github", "acme.jira");
        assertThat(names(catalog.search("team", null, null))).as("tag").containsExactly("acme.slack");
        assertThat(names(catalog.search("git", null, null))).as("anywhere")
                .containsExactly("acme.github", "acme.gitlab", "acme.jira");
        assertThat(catalog.search("bitbucket", null, null)).isEmpty();
    }

    @Test
    void tagAndCategoryMatchWholeValuesIgnoringCase() {
        assertThat(names(catalog.search(null, "git", null))).containsExactly("acme.github", "acme.gitlab");
        assertThat(names(catalog.search(null, "gi", null))).as("a whole tag, not a part").isEmpty();
        assertThat(names(catalog.search(null, null, "source-control"))).containsExactly("acme.github", "acme.gitlab");
        assertThat(names(catalog.search(null, null, "source"))).isEmpty();
        assertThat(names(catalog.search(null, " TRACKER ", null))).isEmpty();
        assertThat(names(catalog.search(null, null, " TRACKER "))).containsExactly("acme.jira");
    }

    @Test
    void filtersCombine() {
        assertThat(names(catalog.search("git", "issues", null))).containsExactly("acme.jira");
        assertThat(names(catalog.search("git", null, "source-control"))).containsExactly("acme.github", "acme.gitlab");
        assertThat(names(catalog.search("pull", "git", "source-control"))).containsExactly("acme.github");
        assertThat(names(catalog.search("pull", "git", "chat"))).isEmpty();
    }

    @Test
    void installedSaysWhetherABundleWithThatNameIsInstalled() {
        installer.preinstalled("mvn:com.acme/gitlab/1.3.0", "acme.gitlab");

        assertThat(catalog.search(null, null, null)).extracting(CatalogEntry::name, CatalogEntry::installed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("acme.github", false),
                        org.assertj.core.groups.Tuple.tuple("acme.gitlab", true),
                        org.assertj.core.groups.Tuple.tuple("acme.jira", false),
                        org.assertj.core.groups.Tuple.tuple("acme.slack", false));
        CatalogEntry github = catalog.search("github", null, null).get(0);
        assertThat(github.permissions()).containsExactly("network");
        assertThat(github.version()).isEqualTo("2.1.0");
    }

    @Test
    void healthIsUpWithTheNumberOfPlugins() {
        HealthResult health = catalog.health();

        assertThat(health.status()).isEqualTo(HealthStatus.UP);
        assertThat(health.message()).isEqualTo("4 plugins");
        assertThat(health.details()).containsEntry("plugins", 4).containsEntry("indexes", List.of(main.toString()))
                .doesNotContainKey("problems");
    }

    @Test
    void badEntriesAreReportedInHealthWhileTheRestWorks() throws IOException {
        write("devrig-catalog.json", INDEX.replace("\"version\": \"3.0.0\"", "\"version\": \"3\""));

        assertThat(names(catalog.search(null, null, null))).containsExactly("acme.github", "acme.gitlab", "acme.slack");
        HealthResult health = catalog.health();
        assertThat(health.status()).isEqualTo(HealthStatus.UP);
        assertThat(health.message()).isEqualTo("3 plugins; 1 problem in the indexes (entries skipped, see problems)");
        assertThat(health.details().get("problems")).isEqualTo(List.of(main
                + ": $.plugins[3].version: '3' does not match ^\\d+\\.\\d+\\.\\d+$ (entry 'acme.jira' skipped)"));
    }

    @Test
    void theFirstIndexListingANameWins() throws IOException {
        Path second = write("more/extra.json", """
                {"catalogVersion": 1, "plugins": [
                  {"name": "acme.github", "version": "9.9.9", "displayName": "Other GitHub", "location": "mvn:evil/github/9.9.9"},
                  {"name": "acme.notion", "version": "1.0.0", "displayName": "Notion", "location": "file:notion.jar"}
                ]}""");
        catalog = new Catalog(List.of(Catalog.Source.file("main", main, false), Catalog.Source.file("extra", second, false)),
                installer);

        List<CatalogEntry> all = catalog.search(null, null, null);
        assertThat(names(all)).containsExactly("acme.github", "acme.gitlab", "acme.jira", "acme.notion", "acme.slack");
        assertThat(all.get(0).location()).isEqualTo("mvn:com.acme/github/2.1.0");
        assertThat(all.get(3).location()).as("relative to its own index")
                .isEqualTo(dir.resolve("more/notion.jar").toAbsolutePath().toUri().toString());
        assertThat(catalog.health().details().get("problems")).isEqualTo(List.of(second
                + ": $.plugins[0].name: 'acme.github' is already listed by " + main + ", which comes first (entry skipped)"));
    }

    @Test
    void anUnreadableIndexIsDownWithTheReasonAndTheOthersStillWork() throws IOException {
        Path broken = write("broken.json", "{\"catalogVersion\": 2, \"plugins\": []}");
        catalog = new Catalog(List.of(Catalog.Source.file("broken", broken, false), Catalog.Source.file("main", main, false)),
                installer);

        HealthResult health = catalog.health();
        assertThat(health.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(health.message()).isEqualTo("unreadable catalog index: " + broken
                + ": $.catalogVersion: 2 is not supported (this DevRig reads catalogVersion 1; the index was written "
                + "for a newer DevRig)");
        assertThat(health.details()).containsEntry("plugins", 4);
        assertThat(catalog.search(null, null, null)).hasSize(4);
    }

    @Test
    void aMissingDefaultIndexIsAnEmptyCatalogButAMissingConfiguredOneIsDown() {
        Path absent = dir.resolve("etc/devrig-catalog.json").toAbsolutePath();

        Catalog byDefault = new Catalog(List.of(Catalog.Source.file("${karaf.etc}/devrig-catalog.json", absent, true)),
                installer);
        assertThat(byDefault.search(null, null, null)).isEmpty();
        assertThat(byDefault.health().status()).isEqualTo(HealthStatus.UP);
        assertThat(byDefault.health().message()).isEqualTo("0 plugins");
        assertThat(byDefault.health().details()).containsEntry("missing", List.of(absent.toString()));

        Catalog configured = new Catalog(List.of(Catalog.Source.file("etc/devrig-catalog.json", absent, false)), installer);
        assertThat(configured.health().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(configured.health().message())
                .isEqualTo("unreadable catalog index: " + absent + ": file does not exist");
    }

    @Test
    void aSettingThatNamesNoFileIsDown() {
        catalog = new Catalog(List.of(Catalog.Source.invalid("https://example.com/c.json", "only local files are read"),
                Catalog.Source.file("main", main, false)), installer);

        assertThat(catalog.health().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(catalog.health().message())
                .isEqualTo("unreadable catalog index: https://example.com/c.json: only local files are read");
        assertThat(catalog.search(null, null, null)).hasSize(4);
    }

    @Test
    void aFolderOrAnOversizedFileIsUnreadable() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("folder.json"));
        catalog = new Catalog(List.of(Catalog.Source.file("f", folder, false)), installer);
        assertThat(catalog.health().message()).isEqualTo("unreadable catalog index: " + folder + ": is not a regular file");

        Path big = write("big.json", " ".repeat((int) Catalog.MAX_INDEX_BYTES + 1));
        catalog = new Catalog(List.of(Catalog.Source.file("b", big, false)), installer);
        assertThat(catalog.health().message()).isEqualTo("unreadable catalog index: " + big + ": larger than 16 MB");
    }

    @Test
    void aChangedIndexIsReadAgainWithoutARestart() throws IOException {
        assertThat(catalog.search(null, null, null)).hasSize(4);

        write("devrig-catalog.json", """
                {"catalogVersion": 1, "plugins": [
                  {"name": "acme.new", "version": "1.0.0", "displayName": "New", "location": "mvn:com.acme/new/1.0.0"}]}""");
        // a file system with coarse timestamps must still see a change
        Files.setLastModifiedTime(main, FileTime.fromMillis(Files.getLastModifiedTime(main).toMillis() + 5000));
        assertThat(names(catalog.search(null, null, null))).containsExactly("acme.new");

        Files.delete(main);
        assertThat(catalog.health().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(catalog.search(null, null, null)).isEmpty();
    }
}
