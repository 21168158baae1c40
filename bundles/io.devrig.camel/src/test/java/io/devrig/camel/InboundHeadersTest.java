package io.devrig.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboundHeadersTest {

    @Test
    void internalNamesInAnyCaseAreInternal() {
        for (String name : List.of("CamelFileName", "camelFileName", "cAmElHttpUri", "CAMELFILENAME", "camel",
                "CAMEL", "Camel-Anything", "camelx", "org.apache.camel.foo", "ORG.APACHE.CAMEL.Foo",
                "Org.Apache.Camel.", Exchange.FILE_NAME, Exchange.HTTP_URI, Exchange.FILE_NAME_PRODUCED)) {
            assertThat(InboundHeaders.isInternal(name)).as(name).isTrue();
        }
    }

    @Test
    void otherNamesAreKept() {
        for (String name : List.of("", "Content-Type", "X-Camel-Id", "came", "Came", "cam el", " CamelFileName",
                "org.apache.came", "org.apache.camelx", "orgXapache.camel.foo", "x-camelFileName",
                // look-alikes: Cyrillic С and а, fullwidth Ｃ, a Kelvin sign (which folds to k, not a camel letter)
                "\u0421amelFileName", "C\u0430melFileName", "\uFF23amelFileName", "\u212Aamel", "\uD83D\uDC2Bcamel")) {
            assertThat(InboundHeaders.isInternal(name)).as(name).isFalse();
        }
    }

    @Test
    void onlyAsciiLettersFoldOntoThePrefixes() {
        // the rule follows Camel's header map (String.CASE_INSENSITIVE_ORDER): a name it would read as
        // an internal header must start with characters that fold onto "camel"; check no other char does
        List<Character> foldOntoPrefixLetters = new ArrayList<>();
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String s = String.valueOf((char) c);
            for (String letter : List.of("c", "a", "m", "e", "l", "o", "r", "g", "p", "h", ".")) {
                if (String.CASE_INSENSITIVE_ORDER.compare(s, letter) == 0) {
                    foldOntoPrefixLetters.add((char) c);
                }
            }
        }
        assertThat(foldOntoPrefixLetters).containsExactlyInAnyOrder(
                'c', 'C', 'a', 'A', 'm', 'M', 'e', 'E', 'l', 'L', 'o', 'O', 'r', 'R', 'g', 'G', 'p', 'P', 'h', 'H', '.');
    }

    @Test
    void filterKeepsOrderAndDropsInternalAndNullNames() {
        Map<String, Object> hostile = new LinkedHashMap<>();
        hostile.put("Content-Type", "application/json");
        hostile.put("cAmElHttpUri", "http://169.254.169.254/");
        hostile.put("CAMELFILENAME", "../../etc/passwd");
        hostile.put("X-Request-Id", "r1");
        hostile.put("org.apache.camel.Something", "x");
        hostile.put(null, "no name");
        hostile.put("\u0421amelFileName", "look-alike");
        hostile.put("", "empty name");

        Map<String, Object> kept = InboundHeaders.filter(hostile);

        assertThat(kept).containsExactly(Map.entry("Content-Type", "application/json"), Map.entry("X-Request-Id", "r1"),
                Map.entry("\u0421amelFileName", "look-alike"), Map.entry("", "empty name"));
        assertThat(InboundHeaders.filter(null)).isEmpty();
    }

    @Test
    void stripRemovesFromACamelMessageWhoseHeaderMapIgnoresCase() throws Exception {
        try (OwnedCamelContext camel = CamelContexts.standalone().start("strip-test", context -> { })) {
            stripFrom(new DefaultMessage(camel.context()));
        }
    }

    private static void stripFrom(DefaultMessage message) {
        message.setHeader("cAmElFileName", "evil.txt");
        message.setHeader("camelhttpuri", "http://example.invalid/");
        message.setHeader("Accept", "*/*");
        // the threat: Camel's map reads the odd casing as its own header
        assertThat(message.getHeader(Exchange.FILE_NAME)).isEqualTo("evil.txt");

        assertThat(InboundHeaders.strip(message)).isEqualTo(2);

        assertThat(message.getHeaders()).containsOnlyKeys("Accept");
        assertThat(message.getHeader(Exchange.FILE_NAME)).isNull();
    }

    @Test
    void headerFilterStrategyRefusesInternalNamesBothWays() {
        Exchange exchange = new DefaultExchange(new org.apache.camel.impl.DefaultCamelContext());
        var strategy = InboundHeaders.headerFilterStrategy();
        assertThat(strategy.applyFilterToExternalHeaders("CAMELHTTPURI", "x", exchange)).isTrue();
        assertThat(strategy.applyFilterToCamelHeaders("CamelFileName", "x", exchange)).isTrue();
        assertThat(strategy.applyFilterToExternalHeaders("Content-Type", "x", exchange)).isFalse();
    }

    /** A real file route: the hostile header picks the file name unless the processor runs first. */
    @Test
    void aHostileHeaderCannotChooseTheFileARouteWrites(@TempDir Path dir) throws Exception {
        Path filtered = Files.createDirectories(dir.resolve("filtered"));
        Path unfiltered = Files.createDirectories(dir.resolve("unfiltered"));
        try (OwnedCamelContext camel = CamelContexts.standalone().start("headers-test", context -> {
            context.addComponent("direct", new DirectComponent());
            context.addComponent("file", new FileComponent());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:filtered").process(InboundHeaders.processor()).to(fileUri(filtered));
                    from("direct:unfiltered").to(fileUri(unfiltered));
                }
            });
        })) {
            ProducerTemplate producer = camel.context().createProducerTemplate();
            Map<String, Object> headers = new HashMap<>(Map.of("cAmElFileName", "evil.txt", "X-Ok", "1"));
            producer.sendBodyAndHeaders("direct:filtered", "body", headers);
            producer.sendBodyAndHeaders("direct:unfiltered", "body", headers);
            producer.close();
        }
        // control: without the filter the header wins (the test would fail if the threat were not real)
        assertThat(unfiltered.resolve("evil.txt")).exists();
        try (Stream<Path> files = Files.list(filtered)) {
            List<Path> written = files.toList();
            assertThat(written).hasSize(1);
            assertThat(written.get(0).getFileName().toString()).isNotEqualTo("evil.txt");
        }
    }

    private static String fileUri(Path dir) {
        return "file:" + dir.toAbsolutePath();
    }
}
