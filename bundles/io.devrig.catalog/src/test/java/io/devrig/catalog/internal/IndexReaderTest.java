package io.devrig.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.plugin.CatalogEntry;
import io.devrig.catalog.internal.IndexReader.Listing;
import io.devrig.catalog.internal.IndexReader.Result;
import io.devrig.catalog.internal.IndexReader.UnreadableIndexException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IndexReaderTest {

    static final String GOOD = """
            {"name": "acme.good", "version": "1.0.0", "displayName": "Good", "location": "mvn:com.acme/good/1.0.0"}""";

    @TempDir
    Path dir;

    Path index() {
        return dir.resolve("catalogs").resolve("index.json").toAbsolutePath();
    }

    Result read(String json) throws UnreadableIndexException {
        return IndexReader.read(index(), json.getBytes(StandardCharsets.UTF_8));
    }

    Result readPlugins(String... entries) throws UnreadableIndexException {
        return read("{\"catalogVersion\": 1, \"plugins\": [" + String.join(",", entries) + "]}");
    }

    @Test
    void readsAGoodIndex() throws Exception {
        Result result = read("""
                {"catalogVersion": 1, "plugins": [
                  {"name": "acme.github", "version": "1.2.0", "displayName": "GitHub",
                   "description": "Pull requests and issues", "category": "source-control",
                   "tags": ["git", "review"], "permissions": ["network", "secrets:read", "inbox:write"],
                   "location": "mvn:com.acme/acme.github/1.2.0"},
                  {"name": "acme.local", "version": "0.1.0", "displayName": "Local",
                   "location": "file:plugins/./acme.local-0.1.0.jar"},
                  {"name": "acme.abs", "version": "2.0.0", "displayName": "Absolute",
                   "location": "file:/opt/plugins/../jars/acme.abs.jar"}
                ]}""");

        assertThat(result.problems()).isEmpty();
        assertThat(result.plugins()).extracting(Listing::path)
                .containsExactly("$.plugins[0]", "$.plugins[1]", "$.plugins[2]");
        CatalogEntry github = result.plugins().get(0).entry();
        assertThat(github).isEqualTo(new CatalogEntry("acme.github", "1.2.0", "GitHub", "Pull requests and issues",
                "source-control", java.util.List.of("git", "review"),
                java.util.Set.of("network", "secrets:read", "inbox:write"), "mvn:com.acme/acme.github/1.2.0", false));
        assertThat(github.permissions()).containsExactly("network", "secrets:read", "inbox:write");

        CatalogEntry local = result.plugins().get(1).entry();
        assertThat(local.description()).isEmpty();
        assertThat(local.category()).isEqualTo("other");
        assertThat(local.tags()).isEmpty();
        assertThat(local.permissions()).isEmpty();
        assertThat(local.location()).as("relative to the index's folder, absolute afterwards")
                .isEqualTo(dir.resolve("catalogs/plugins/acme.local-0.1.0.jar").toAbsolutePath().toUri().toString());
        assertThat(result.plugins().get(2).entry().location()).isEqualTo("file:///opt/jars/acme.abs.jar");
        assertThat(result.plugins().get(0).index()).isEqualTo(index());
    }

    static Stream<Arguments> malformedEntries() {
        return Stream.of(
                Arguments.of("""
                        {"version": "1.0.0", "displayName": "X", "location": "mvn:g/a/1.0.0"}""",
                        "$.plugins[1].name: required"),
                Arguments.of("""
                        {"name": "bad name!", "version": "1.0.0", "displayName": "X", "location": "mvn:g/a/1.0.0"}""",
                        "$.plugins[1].name: 'bad name!' does not match ^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$ (entry 'bad name!' skipped)"),
                Arguments.of("""
                        {"name": "x", "version": "1.0", "displayName": "X", "location": "mvn:g/a/1.0.0"}""",
                        "$.plugins[1].version: '1.0' does not match ^\\d+\\.\\d+\\.\\d+$ (entry 'x' skipped)"),
                Arguments.of("""
                        {"name": "x", "version": 1, "displayName": "X", "location": "mvn:g/a/1.0.0"}""",
                        "$.plugins[1].version: must be a string"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "location": "mvn:g/a/1.0.0"}""",
                        "$.plugins[1].displayName: required"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "description": 7, "location": "mvn:g/a/1.0.0"}""",
                        "$.plugins[1].description: must be a string"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "permissions": "network", "location": "mvn:g/a/1.0.0"}""",
                        "$.plugins[1].permissions: must be an array"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "permissions": ["network", 3], "location": "mvn:g/a/1.0.0"}""",
                        "$.plugins[1].permissions[1]: must be a string"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "permissions": ["network", "network"], "location": "mvn:g/a/1.0.0"}""",
                        "$.plugins[1].permissions: lists an item twice"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "tags": {"a": 1}, "location": "mvn:g/a/1.0.0"}""",
                        "$.plugins[1].tags: must be an array"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "permision": ["network"], "location": "mvn:g/a/1.0.0"}""",
                        "$.plugins[1].permision: unknown field (entry 'x' skipped)"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X"}""",
                        "$.plugins[1].location: required"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "location": "http://example.com/x.jar"}""",
                        "$.plugins[1].location: 'http://example.com/x.jar': scheme 'http:' is not allowed (use mvn: or file:"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "location": "jar:file:/x.jar!/"}""",
                        "$.plugins[1].location: 'jar:file:/x.jar!/': scheme 'jar:' is not allowed"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "location": "/opt/x.jar"}""",
                        "$.plugins[1].location: '/opt/x.jar' has no scheme"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "location": "mvn:com.acme/x"}""",
                        "$.plugins[1].location: 'mvn:com.acme/x' is not mvn:group/artifact/version[/type[/classifier]]"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "location": "mvn:https://evil.example/repo!com.acme/x/1.0.0"}""",
                        "$.plugins[1].location: 'mvn:https://evil.example/repo!com.acme/x/1.0.0' names a repository ('!')"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "location": "file:plugins/../../x.jar"}""",
                        "$.plugins[1].location: 'file:plugins/../../x.jar' leaves the index's folder"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "location": "file://fileserver/share/x.jar"}""",
                        "$.plugins[1].location: 'file://fileserver/share/x.jar' names a host"),
                Arguments.of("""
                        {"name": "x", "version": "1.0.0", "displayName": "X", "location": "file:/opt/my plugin.jar"}""",
                        "$.plugins[1].location: 'file:/opt/my plugin.jar' is not a valid file: URL"),
                Arguments.of("42", "$.plugins[1]: must be a JSON object (entry skipped)"));
    }

    @ParameterizedTest
    @MethodSource("malformedEntries")
    void aMalformedEntryIsSkippedAndReportedWithIndexEntryAndField(String entry, String expected) throws Exception {
        Result result = readPlugins(GOOD, entry, GOOD.replace("acme.good", "acme.after"));

        assertThat(result.plugins()).as("the other entries still count").extracting(l -> l.entry().name())
                .containsExactly("acme.good", "acme.after");
        assertThat(result.problems()).hasSize(1);
        assertThat(result.problems().get(0)).startsWith(index() + ": ").contains(expected).contains("skipped)");
    }

    @Test
    void everyProblemOfAnEntryIsReported() throws Exception {
        Result result = readPlugins("""
                {"name": "x", "version": "v1", "tags": [""], "location": "ftp://h/x.jar"}""");

        assertThat(result.plugins()).isEmpty();
        assertThat(result.problems()).containsExactlyInAnyOrder(
                index() + ": $.plugins[0].version: 'v1' does not match ^\\d+\\.\\d+\\.\\d+$ (entry 'x' skipped)",
                index() + ": $.plugins[0].displayName: required (entry 'x' skipped)",
                index() + ": $.plugins[0].tags[0]: must not be blank (entry 'x' skipped)",
                index() + ": $.plugins[0].location: 'ftp://h/x.jar': scheme 'ftp:' is not allowed (use mvn: or file:; "
                        + "the catalog downloads nothing itself) (entry 'x' skipped)");
    }

    @Test
    void aDuplicateNameInTheSameIndexKeepsTheFirst() throws Exception {
        Result result = readPlugins(GOOD, GOOD.replace("\"Good\"", "\"Second\""));

        assertThat(result.plugins()).extracting(l -> l.entry().displayName()).containsExactly("Good");
        assertThat(result.problems()).containsExactly(index()
                + ": $.plugins[1].name: 'acme.good' is already listed at $.plugins[0] (entry 'acme.good' skipped)");
    }

    @Test
    void anUnknownTopLevelFieldIsReportedButTheEntriesCount() throws Exception {
        Result result = read("{\"catalogVersion\": 1, \"title\": \"x\", \"plugins\": [" + GOOD + "]}");

        assertThat(result.plugins()).hasSize(1);
        assertThat(result.problems()).containsExactly(index()
                + ": $.title: unknown field, ignored (allowed: catalogVersion, plugins)");
    }

    @Test
    void theIndexIsCheckedByThePublishedSchema() throws Exception {
        var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                IndexReader.class.getResourceAsStream(IndexReader.SCHEMA_RESOURCE));
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        // a field the schema does not know skips the entry: the schema, not a Java list, decides
        Result result = readPlugins(GOOD.replace("\"location\"", "\"homepage\": \"x\", \"location\""));
        assertThat(result.plugins()).isEmpty();
        assertThat(result.problems()).containsExactly(index()
                + ": $.plugins[0].homepage: unknown field (entry 'acme.good' skipped)");
    }

    @Test
    void longValuesAreCutInMessages() throws Exception {
        String description = "x".repeat(500);
        Result result = readPlugins(GOOD.replace("\"1.0.0\"", "\"" + description + "\""));

        assertThat(result.problems()).singleElement().asString().hasSizeLessThan(index().toString().length() + 200)
                .contains("...");
    }

    static Stream<Arguments> unreadableIndexes() {
        return Stream.of(
                Arguments.of("{\"catalogVersion\": 1, \"plugins\": [", "not valid JSON: Unexpected end-of-input"),
                Arguments.of("catalog", "not valid JSON: Unrecognized token 'catalog'"),
                Arguments.of("", "$: must be a JSON object"),
                Arguments.of("[]", "$: must be a JSON object"),
                Arguments.of("{\"plugins\": []}", "$.catalogVersion: required (this DevRig reads catalogVersion 1)"),
                Arguments.of("{\"catalogVersion\": \"1\", \"plugins\": []}", "$.catalogVersion: must be a whole number, not \"1\""),
                Arguments.of("{\"catalogVersion\": 2, \"plugins\": []}",
                        "$.catalogVersion: 2 is not supported (this DevRig reads catalogVersion 1; the index was written for a newer DevRig)"),
                Arguments.of("{\"catalogVersion\": 0, \"plugins\": []}", "$.catalogVersion: 0 is not supported"),
                Arguments.of("{\"catalogVersion\": 1}", "$.plugins: required"),
                Arguments.of("{\"catalogVersion\": 1, \"plugins\": [{\"name\": \"a\", \"location\": \"mvn:g/a/1.0.0\", "
                        + "\"location\": \"file:/tmp/other.jar\"}]}", "not valid JSON: Duplicate field 'location'"),
                Arguments.of("{\"catalogVersion\": 1, \"plugins\": {\"name\": \"x\"}}", "$.plugins: must be an array"));
    }

    @ParameterizedTest
    @MethodSource("unreadableIndexes")
    void aBrokenIndexIsUnreadableWithTheReason(String json, String expected) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(UnreadableIndexException.class)
                .hasMessageStartingWith(index() + ": ").hasMessageContaining(expected);
    }

    @Test
    void notJsonNamesLineAndColumn() {
        assertThatThrownBy(() -> read("{\"catalogVersion\": 1,\n  \"plugins\": [,]}"))
                .hasMessageContaining("at line 2, column");
    }
}
