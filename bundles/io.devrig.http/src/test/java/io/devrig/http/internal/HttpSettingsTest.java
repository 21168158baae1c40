package io.devrig.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

    /** An {@link HttpConfig} as Config Admin would hand it over. */
    static HttpConfig config(String[] allowList, int connectMs, int requestMs, int redirects, int maxBytes) {
        return new HttpConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return HttpConfig.class;
            }

            @Override
            public String[] allowList() {
                return allowList;
            }

            @Override
            public int connectTimeoutMs() {
                return connectMs;
            }

            @Override
            public int requestTimeoutMs() {
                return requestMs;
            }

            @Override
            public int maxRedirects() {
                return redirects;
            }

            @Override
            public int maxResponseBytes() {
                return maxBytes;
            }
        };
    }

    @Test
    void defaultsMatchTheDocumentedValues() {
        HttpSettings d = HttpSettings.defaults();
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.maxRedirects()).isEqualTo(5);
        assertThat(d.maxResponseBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(d.allowList().size()).isZero();
        HttpSettings fromDefaults = HttpSettings.from(config(new String[0], 10_000, 30_000, 5, 10 * 1024 * 1024));
        assertThat(fromDefaults.connectTimeout()).isEqualTo(d.connectTimeout());
        assertThat(fromDefaults.maxResponseBytes()).isEqualTo(d.maxResponseBytes());
    }

    @Test
    void readsTheConfiguration() {
        HttpSettings s = HttpSettings.from(config(new String[] {"127.0.0.1:8089", "10.0.0.0/8"}, 500, 2000, 2, 1024));
        assertThat(s.allowList().size()).isEqualTo(2);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(s.maxRedirects()).isEqualTo(2);
        assertThat(s.maxResponseBytes()).isEqualTo(1024);
    }

    @Test
    void invalidValuesAreNamed() {
        assertThatThrownBy(() -> HttpSettings.from(config(new String[] {"10.0.0.0/33"}, 1, 1, 1, 1)))
                .hasMessageContaining("'10.0.0.0/33'");
        assertThatThrownBy(() -> HttpSettings.from(config(new String[0], 0, 1, 1, 1))).hasMessageContaining("connectTimeoutMs");
        assertThatThrownBy(() -> HttpSettings.from(config(new String[0], 1, -5, 1, 1))).hasMessageContaining("requestTimeoutMs");
        assertThatThrownBy(() -> HttpSettings.from(config(new String[0], 1, 1, -1, 1))).hasMessageContaining("maxRedirects");
        assertThatThrownBy(() -> HttpSettings.from(config(new String[0], 1, 1, 51, 1))).hasMessageContaining("maxRedirects");
        assertThatThrownBy(() -> HttpSettings.from(config(new String[0], 1, 1, 1, 0))).hasMessageContaining("maxResponseBytes");
    }
}
