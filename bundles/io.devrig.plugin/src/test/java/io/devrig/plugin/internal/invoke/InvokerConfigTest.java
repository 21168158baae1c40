package io.devrig.plugin.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InvokerConfigTest {

    static InvokerConfig config(String... timeouts) {
        return new InvokerConfig() {
            @Override public Class<? extends Annotation> annotationType() { return InvokerConfig.class; }
            @Override public long defaultTimeoutMs() { return 30_000; }
            @Override public String[] timeouts() { return timeouts; }
            @Override public int threadsPerPlugin() { return 4; }
            @Override public int failureThreshold() { return 10; }
            @Override public long resetTimeoutMs() { return 60_000; }
            @Override public int halfOpenTrials() { return 2; }
        };
    }

    @Test
    void defaultsMatchTheIssue() {
        InvokerSettings s = PluginInvokerComponent.settings(config());
        assertThat(s.defaultTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.breaker()).isEqualTo(new BreakerSettings(10, Duration.ofSeconds(60), 2));
    }

    @Test
    void perPluginTimeLimitsAreParsed() {
        InvokerSettings s = PluginInvokerComponent.settings(config("io.devrig.plugin.github = 60000"));
        assertThat(s.timeoutFor("io.devrig.plugin.github")).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.timeoutFor("other")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badEntriesAreNamed() {
        assertThatThrownBy(() -> PluginInvokerComponent.settings(config("github")))
                .hasMessageContaining("'pluginId=ms': github");
        assertThatThrownBy(() -> PluginInvokerComponent.settings(config("github=soon")))
                .hasMessageContaining("not a number of milliseconds: github=soon");
    }
}
