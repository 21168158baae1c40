package io.devrig.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * DevRig's Services page script, read from the built bundle's class path (where it replaced
 * the console's): it must never turn a registry value into markup. Without a browser in the
 * build this checks the script's shape; the end-to-end test checks what the server sends.
 */
class ServicesScriptTest {

    static String script() throws Exception {
        try (InputStream in = ServicesScriptTest.class.getResourceAsStream("/res/ui/services.js")) {
            assertThat(in).as("res/ui/services.js on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theBundleCarriesDevRigsScriptNotTheConsolesOriginal() throws Exception {
        String script = script();
        assertThat(script).contains("DevRig's Services page script");
        // the original's holes: values glued into HTML strings
        assertThat(script).doesNotContain("txt = txt + value").doesNotContain("+ prop.key").doesNotContain("+ prop.value")
                .doesNotContain("+ dataEntry.bundleSymbolicName");
    }

    @Test
    void noMarkupIsEverBuiltFromAValue() throws Exception {
        String code = withoutComments(script());
        assertThat(code).doesNotContain(".html(").doesNotContain("innerHTML").doesNotContain("outerHTML")
                .doesNotContain("insertAdjacentHTML").doesNotContain("document.write").doesNotContain("eval(");
        // every $('<...>') is a fixed literal: no string concatenated into markup
        Matcher markup = Pattern.compile("\\$\\(\\s*'<[^']*'\\s*([^)\\s])").matcher(code);
        List<String> glued = new ArrayList<>();
        while (markup.find()) {
            glued.add(markup.group());
        }
        assertThat(glued).as("markup literals followed by something other than ')'").isEmpty();
        // append/after/before/prepend take elements or text nodes, never a string expression
        Matcher inserts = Pattern.compile("\\.(append|after|before|prepend|replaceWith)\\(\\s*(['\"]|[a-z][\\w.]*\\s*\\+)")
                .matcher(code);
        assertThat(inserts.find()).as("an insertion of a string").isFalse();
        // values go through text(): keys, values, types, ranking, names
        assertThat(code).contains(".text(String(props[i].key))", "document.createTextNode(String(value[i]))",
                "cell.text(String(value))", ".text(String(service.types))", ".text(String(symbolicName)");
    }

    private static String withoutComments(String js) {
        return js.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
    }
}
