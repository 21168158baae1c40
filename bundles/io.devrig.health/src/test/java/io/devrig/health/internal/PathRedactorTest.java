package io.devrig.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.health.HealthCheck;
import io.devrig.api.health.HealthReport;
import io.devrig.api.health.HealthReporter;
import io.devrig.api.health.HealthResult;
import io.devrig.api.health.HealthStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathRedactorTest {

    static final Map<String, String> FOLDERS = folders("/opt/devrig", "/opt/devrig/data", "/opt/devrig/etc",
            "/home/ann");

    static Map<String, String> folders(String home, String data, String etc, String user) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("${karaf.data}", data);
        m.put("${karaf.etc}", etc);
        m.put("${karaf.home}", home);
        m.put("~", user);
        return m;
    }

    final PathRedactor redactor = new PathRedactor(FOLDERS, HealthServlet::plain);

    @Test
    void karafFoldersBecomePlaceholdersTheMostSpecificFirst() {
        assertThat(redactor.redact("/opt/devrig/data/devrig.db")).isEqualTo("${karaf.data}/devrig.db");
        assertThat(redactor.redact("key from file /opt/devrig/etc/devrig-secrets.key"))
                .isEqualTo("key from file ${karaf.etc}/devrig-secrets.key");
        assertThat(redactor.redact("initial password in /opt/devrig/data/devrig/initial-admin-password"))
                .isEqualTo("initial password in ${karaf.data}/devrig/initial-admin-password");
        assertThat(redactor.redact("/opt/devrig/system/x.jar")).isEqualTo("${karaf.home}/system/x.jar");
        assertThat(redactor.redact("roots ~ and /home/ann/src")).isEqualTo("roots ~ and ~/src");
        assertThat(redactor.redact("/opt/devrig")).isEqualTo("${karaf.home}");
    }

    @Test
    void aFolderNameThatOnlyStartsLikeAKarafFolderIsNotTakenForIt() {
        assertThat(redactor.redact("/opt/devrig2/data/x.db")).isEqualTo("…/x.db");
        assertThat(redactor.redact("/opt/devrig/database.db")).isEqualTo("${karaf.home}/database.db");
    }

    @Test
    void otherAbsolutePathsKeepOnlyTheirLastName() {
        assertThat(redactor.redact("unreadable catalog index: /srv/catalogs/team.json (no such file)"))
                .isEqualTo("unreadable catalog index: …/team.json (no such file)");
        assertThat(redactor.redact("path='/var/lib/x/y.db'")).isEqualTo("path='…/y.db'");
        assertThat(redactor.redact("[/a/b, /c/d/]")).isEqualTo("[…/b, …/d]");
        assertThat(redactor.redact("file:///srv/secret/z.json")).isEqualTo("…/z.json");
        assertThat(redactor.redact("cannot open C:\\Users\\ann\\devrig\\data\\devrig.db"))
                .isEqualTo("cannot open …\\devrig.db");
    }

    @Test
    void textWithoutPathsAndUrlsIsUnchanged() {
        for (String same : List.of("open at schema version 4", "4/5 bundles active", "and/or",
                "http://127.0.0.1:8181/health/ready", "https://api.github.com/repos/octo/hello", "",
                "3 pending (0 scheduled), 0 running")) {
            assertThat(redactor.redact(same)).isEqualTo(same);
        }
        assertThat(redactor.redact(null)).isNull();
    }

    @Test
    void nestedDetailsKeysAndObjectsAreRedactedTooNumbersKeptAsNumbers() {
        Object redacted = redactor.redactValue(Map.of("path", Path.of("/opt/devrig/data/devrig.db"),
                "walBytes", 0, "native", true,
                "problems", List.of(Map.of("/srv/x/index.json", "bad entry in /srv/x/index.json")),
                "file", new java.io.File("/srv/y/z.txt"), "record", new Sample("/tmp/a/b.txt", 2)));

        assertThat(redacted).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) redacted;
        assertThat(map.get("path")).isEqualTo("${karaf.data}/devrig.db");
        assertThat(map.get("walBytes")).isEqualTo(0);
        assertThat(map.get("native")).isEqualTo(true);
        assertThat(map.get("problems")).isEqualTo(List.of(Map.of("…/index.json", "bad entry in …/index.json")));
        assertThat(map.get("file")).isEqualTo("…/z.txt");
        assertThat(map.get("record")).isEqualTo(Map.of("where", "…/b.txt", "n", 2));
    }

    record Sample(String where, int n) {
    }

    @Test
    void theRealPathOfAFolderIsRecognisedLikeItsConfiguredSpelling(@TempDir Path tmp) throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real-home/data"));
        Path link = Files.createSymbolicLink(tmp.resolve("link-home"), real.getParent());
        PathRedactor r = new PathRedactor(Map.of("${karaf.data}", link.resolve("data").toString()),
                HealthServlet::plain);

        assertThat(r.redact(real.resolve("devrig.db").toString())).isEqualTo("${karaf.data}/devrig.db");
        assertThat(r.redact(link.resolve("data/devrig.db").toString())).isEqualTo("${karaf.data}/devrig.db");
    }

    @Test
    void theReadinessBodyOfTheServletCarriesNoAbsolutePath() throws Exception {
        HealthCheck leaky = new HealthCheck() {
            @Override
            public String name() {
                return "leaky";
            }

            @Override
            public HealthResult check() {
                return HealthResult.down("cannot open /opt/devrig/data/devrig.db").with("path", "/srv/elsewhere/x.db");
            }
        };
        HealthReport report = HealthReport.of(List.of(new HealthReport.Check("leaky", HealthStatus.DOWN,
                leaky.check().message(), leaky.check().details())));
        HealthReporter reporter = () -> report;
        HealthServlet servlet = new HealthServlet(reporter, new PathRedactor(FOLDERS, HealthServlet::plain));

        JsonNode body = HealthServlet.JSON.valueToTree(servlet.readinessBody());

        assertThat(body.toString()).doesNotContain("/opt/").doesNotContain("/srv/");
        assertThat(body.at("/checks/0/message").asText()).isEqualTo("cannot open ${karaf.data}/devrig.db");
        assertThat(body.at("/checks/0/details/path").asText()).isEqualTo("…/x.db");
    }
}
