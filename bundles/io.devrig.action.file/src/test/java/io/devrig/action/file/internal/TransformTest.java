package io.devrig.action.file.internal;

import static io.devrig.action.file.internal.ReadWriteTest.in;
import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.action.file.roots.RootRule;
import io.devrig.api.error.DevRigException;
import io.devrig.testing.TestJson;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file.transform: JSON, CSV and XML both ways, from text and real files, and hostile XML. */
class TransformTest {

    @TempDir
    Path tmp;
    FileFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new FileFixture(tmp);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> run(Map<String, Object> input) {
        return (Map<String, Object>) f.transform.execute(input, f.context);
    }

    Object parse(String format, String text) {
        return run(in("operation", "parse", "format", format, "text", text)).get("value");
    }

    String serialize(String format, Object value) {
        return (String) run(in("operation", "serialize", "format", format, "value", value)).get("text");
    }

    @Test
    void jsonRoundTripKeepsNumbersExact() {
        String text = "{\"a\": [1, 2.50, 12345678901234567890123], \"b\": {\"c\": null, \"d\": true}}";
        Object value = parse("json", text);
        assertThat(((List<?>) ((Map<?, ?>) value).get("a")).get(1)).isEqualTo(new BigDecimal("2.50"));
        assertThat(parse("json", serialize("json", value))).isEqualTo(value);
        assertThat(run(in("operation", "serialize", "format", "json", "value", value, "pretty", false)).get("text"))
                .isEqualTo("{\"a\":[1,2.50,12345678901234567890123],\"b\":{\"c\":null,\"d\":true}}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void csvWithAHeaderGivesObjectsAndRoundTrips() {
        String text = "name,note,qty\r\nAda,\"says \"\"hi\"\", twice\",3\nBob,\"two\nlines\",\n";
        Object value = parse("csv", text);
        assertThat(value).isEqualTo(List.of(
                Map.of("name", "Ada", "note", "says \"hi\", twice", "qty", "3"),
                Map.of("name", "Bob", "note", "two\nlines", "qty", "")));
        assertThat(parse("csv", serialize("csv", value))).isEqualTo(value);
        // key order is the header's
        assertThat(String.join(",", ((Map<String, ?>) ((List<?>) value).get(0)).keySet())).isEqualTo("name,note,qty");
    }

    @Test
    void csvWithoutAHeaderAndWithAnotherSeparator() {
        Map<String, Object> csv = Map.of("header", false, "separator", ";");
        Object rows = run(in("operation", "parse", "format", "csv", "text", "a;b\n1;\"x;y\"\n", "csv", csv)).get("value");
        assertThat(rows).isEqualTo(List.of(List.of("a", "b"), List.of("1", "x;y")));
        String text = (String) run(in("operation", "serialize", "format", "csv", "value", rows, "csv", csv)).get("text");
        assertThat(text).isEqualTo("a;b\n1;\"x;y\"\n");
        // numbers, booleans and null become cells; objects in a row do not
        assertThat(serialize("csv", List.of(Map.of("n", 1.5), Map.of("n", true)))).isEqualTo("n\n1.5\ntrue\n");
        assertThat(devrigError(() -> serialize("csv", List.of(Map.of("n", Map.of())))).error().message())
                .startsWith("$.value[0].n");
        assertThat(devrigError(() -> serialize("csv", Map.of())).code()).isEqualTo("INVALID_INPUT");
    }

    @Test
    void badCsvNamesTheRowNotTheContent() {
        DevRigException e = devrigError(() -> parse("csv", "a,b\nSECRET1,SECRET2,SECRET3\n"));
        assertThat(e.code()).isEqualTo(FileErrors.UNREADABLE);
        assertThat(e.getMessage()).contains("data row 1").doesNotContain("SECRET");
        assertThat(devrigError(() -> parse("csv", "a,a\n1,2\n")).getMessage()).contains("repeated");
        assertThat(parse("csv", "")).isEqualTo(List.of());
    }

    @Test
    void xmlBecomesJsonValuesAndRoundTrips() {
        Map<String, Object> out = run(in("operation", "parse", "format", "xml", "text",
                "<?xml version=\"1.0\"?><order id=\"7\"><item>pen</item><item>lamp &amp; shade</item><note/></order>"));
        assertThat(out.get("root")).isEqualTo("order");
        assertThat(out.get("value")).isEqualTo(Map.of("id", "7", "item", List.of("pen", "lamp & shade"), "note", ""));

        Map<String, Object> value = Map.of("title", "a < b", "tags", List.of("x", "y"), "meta", Map.of("n", "1"));
        String xml = (String) run(in("operation", "serialize", "format", "xml", "value", value, "xmlRoot", "doc"))
                .get("text");
        assertThat(xml).startsWith("<?xml").contains("<doc>").contains("a &lt; b");
        Map<String, Object> back = run(in("operation", "parse", "format", "xml", "text", xml));
        assertThat(back.get("value")).isEqualTo(value);
        assertThat(back.get("root")).isEqualTo("doc");
        assertThat(devrigError(() -> serialize("xml", Map.of("first name", "x"))).error().message())
                .startsWith("$.value['first name']");
        assertThat(devrigError(() -> serialize("xml", List.of(1))).code()).isEqualTo("INVALID_INPUT");
        // a character XML 1.0 cannot hold is an input error, not a broken document
        assertThat(devrigError(() -> serialize("xml", Map.of("a", "bell\u0007"))).code()).isEqualTo("INVALID_INPUT");
    }

    @Test
    void theReadmeExampleWritesThisXml() {
        Object orders = parse("csv", "id,total\n1,9.50\n");
        String xml = (String) run(in("operation", "serialize", "format", "xml", "xmlRoot", "orders", "pretty", false,
                "value", Map.of("order", orders))).get("text");
        assertThat(xml).isEqualTo("<?xml version='1.0' encoding='UTF-8'?><orders><order><id>1</id><total>9.50</total>"
                + "</order></orders>");
    }

    @Test
    void xxeIsRefusedAndNothingIsRead() throws Exception {
        Path secret = Files.writeString(f.outside.resolve("secret.txt"), "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]><r>&x;</r>";
        DevRigException e = devrigError(() -> parse("xml", xxe));
        assertThat(e.code()).isEqualTo(FileErrors.XML_DTD);
        assertThat(e.getMessage()).doesNotContain("TOP-SECRET");

        String parameterEntity = "<!DOCTYPE r [<!ENTITY % p SYSTEM \"" + secret.toUri() + "\"> %p;]><r/>";
        assertThat(devrigError(() -> parse("xml", parameterEntity)).code()).isEqualTo(FileErrors.XML_DTD);

        String laughs = "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><r>&c;</r>";
        assertThat(devrigError(() -> parse("xml", laughs)).code()).isEqualTo(FileErrors.XML_DTD);

        String externalDtd = "<!DOCTYPE r SYSTEM \"" + secret.toUri() + "\"><r/>";
        assertThat(devrigError(() -> parse("xml", externalDtd)).code()).isEqualTo(FileErrors.XML_DTD);

        // without a DOCTYPE an entity is simply undeclared: an error, nothing fetched
        DevRigException undeclared = devrigError(() -> parse("xml", "<r>&x;</r>"));
        assertThat(undeclared.code()).isEqualTo(FileErrors.UNREADABLE);
        assertThat(undeclared.getMessage()).contains("line 1");

        // the same from a file in the root
        Files.writeString(f.root.resolve("evil.xml"), xxe);
        assertThat(devrigError(() -> run(in("operation", "parse", "format", "xml", "path", f.root + "/evil.xml")))
                .code()).isEqualTo(FileErrors.XML_DTD);
    }

    @Test
    void malformedInputGivesLineAndColumnOnly() {
        DevRigException json = devrigError(() -> parse("json", "{\"a\": SECRETTOKEN}"));
        assertThat(json.code()).isEqualTo(FileErrors.UNREADABLE);
        assertThat(json.getMessage()).contains("line 1, column").doesNotContain("SECRETTOKEN");
        DevRigException xml = devrigError(() -> parse("xml", "<a>SECRETTOKEN</b>"));
        assertThat(xml.getMessage()).contains("not valid XML").doesNotContain("SECRETTOKEN");
        assertThat(devrigError(() -> parse("xml", "")).code()).isEqualTo(FileErrors.UNREADABLE);
        assertThat(devrigError(() -> parse("json", "{\"a\": 1, \"a\": 2}")).code()).isEqualTo(FileErrors.UNREADABLE);
    }

    @Test
    void filesInAndOut() throws Exception {
        Files.writeString(f.root.resolve("people.csv"), "name,age\nAda,36\n");
        Object people = run(in("operation", "parse", "format", "csv", "path", f.root + "/people.csv")).get("value");
        Map<String, Object> written = run(in("operation", "serialize", "format", "json", "value", people,
                "path", f.root + "/people.json"));
        assertThat(written).containsEntry("format", "json").containsEntry("created", true)
                .containsEntry("path", f.root.resolve("people.json").toString());
        assertThat(TestJson.plain(Files.readString(f.root.resolve("people.json"))))
                .isEqualTo(List.of(Map.of("name", "Ada", "age", "36")));
        // create does not replace other content; overwrite does
        assertThat(devrigError(() -> run(in("operation", "serialize", "format", "json", "value", List.of(),
                "path", f.root + "/people.json"))).code()).isEqualTo(FileErrors.EXISTS);
        run(in("operation", "serialize", "format", "xml", "value", Map.of("a", "1"), "path", f.root + "/people.json",
                "mode", "overwrite"));
        assertThat(Files.readString(f.root.resolve("people.json"))).contains("<a>1</a>");
        // the root rule applies both ways
        assertThat(devrigError(() -> run(in("operation", "parse", "format", "csv", "path", "/etc/passwd"))).code())
                .isEqualTo(RootRule.PATH_REFUSED);
        assertThat(devrigError(() -> run(in("operation", "serialize", "format", "csv", "value", List.of(),
                "path", f.outside + "/x.csv"))).code()).isEqualTo(RootRule.PATH_REFUSED);
    }

    @Test
    void aDryRunParsesButDoesNotWrite() throws Exception {
        Files.writeString(f.root.resolve("a.json"), "[1]");
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) f.transform.preview(in("operation", "parse", "format", "json",
                "path", f.root + "/a.json"), f.context);
        assertThat(parsed).containsEntry("preview", true).containsEntry("value", List.of(1));
        @SuppressWarnings("unchecked")
        Map<String, Object> write = (Map<String, Object>) f.transform.preview(in("operation", "serialize", "format",
                "json", "value", List.of(1), "path", f.root + "/b.json"), f.context);
        assertThat(write).containsEntry("preview", true).containsEntry("exists", false);
        assertThat(f.root.resolve("b.json")).doesNotExist();
    }

    @Test
    void parseNeedsExactlyOneSource() {
        assertThat(devrigError(() -> run(in("operation", "parse", "format", "json"))).code()).isEqualTo("INVALID_INPUT");
        assertThat(devrigError(() -> run(in("operation", "parse", "format", "json", "text", "1", "path", "/x"))).code())
                .isEqualTo("INVALID_INPUT");
        assertThat(devrigError(() -> run(in("operation", "serialize", "format", "yaml", "value", 1))).code())
                .isEqualTo("INVALID_INPUT");
    }
}
