package io.devrig.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SameOriginTest {

    static SameOrigin.Verdict post(String origin, String referer) {
        return SameOrigin.check("POST", origin, referer, "http", "127.0.0.1", 8181);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "get"})
    void safeMethodsPassWhateverTheirOrigin(String method) {
        assertThat(SameOrigin.check(method, "http://evil.example", null, "http", "127.0.0.1", 8181).allowed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "PROPFIND", "post"})
    void stateChangingMethodsFromAnotherSiteAreRefused(String method) {
        SameOrigin.Verdict verdict = SameOrigin.check(method, "http://evil.example", null, "http", "127.0.0.1", 8181);
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).isEqualTo("Origin is not this console's origin");
    }

    @Test
    void theConsolesOwnOriginPassesInAnySpellingOfTheSameOrigin() {
        assertThat(post("http://127.0.0.1:8181", null).allowed()).isTrue();
        assertThat(post("HTTP://127.0.0.1:8181", null).allowed()).isTrue();
        assertThat(SameOrigin.check("POST", "http://LOCALHOST", null, "http", "localhost", 80).allowed()).isTrue();
        assertThat(SameOrigin.check("POST", "http://localhost:80", null, "http", "localhost", -1).allowed()).isTrue();
        assertThat(SameOrigin.check("POST", "https://devrig.internal", null, "https", "devrig.internal", 443).allowed())
                .isTrue();
        assertThat(SameOrigin.check("POST", "http://[::1]:8181", null, "http", "::1", 8181).allowed()).isTrue();
    }

    @Test
    void anotherHostPortOrSchemeIsAnotherOrigin() {
        assertThat(post("http://localhost:8181", null).allowed()).as("another host name").isFalse();
        assertThat(post("http://127.0.0.1:8182", null).allowed()).as("another port").isFalse();
        assertThat(post("http://127.0.0.1", null).allowed()).as("default port").isFalse();
        assertThat(post("https://127.0.0.1:8181", null).allowed()).as("another scheme").isFalse();
        assertThat(post("http://127.0.0.1:8181.evil.example", null).allowed()).isFalse();
        assertThat(post("http://127.0.0.1:8181@evil.example", null).allowed()).isFalse();
    }

    @Test
    void nullAndGarbageOriginsAreRefused() {
        assertThat(post("null", null).allowed()).isFalse();
        assertThat(post("not a url", null).allowed()).isFalse();
        assertThat(post("file:///etc/passwd", null).allowed()).isFalse();
        assertThat(post("chrome-extension://abc", null).allowed()).isFalse();
    }

    @Test
    void withoutOriginTheRefererDecides() {
        assertThat(post(null, "http://127.0.0.1:8181/system/console/bundles").allowed()).isTrue();
        SameOrigin.Verdict evil = post(null, "http://evil.example/attack.html");
        assertThat(evil.allowed()).isFalse();
        assertThat(evil.reason()).isEqualTo("Referer is not this console's origin");
        assertThat(post("", "http://evil.example/").allowed()).as("an empty Origin counts as absent").isFalse();
        // an Origin present wins over the Referer
        assertThat(post("http://evil.example", "http://127.0.0.1:8181/system/console").allowed()).isFalse();
    }

    @Test
    void neitherHeaderIsAScriptOrCurlAndPasses() {
        SameOrigin.Verdict verdict = post(null, null);
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.reason()).isEqualTo("neither Origin nor Referer");
        assertThat(post(" ", "").allowed()).isTrue();
    }
}
