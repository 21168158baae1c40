package io.devrig.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.health.HealthCheck;
import io.devrig.api.health.HealthReport;
import io.devrig.api.health.HealthResult;
import io.devrig.api.health.HealthStatus;
import java.lang.annotation.Annotation;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthRegistryTest {

    HealthRegistry registry = new HealthRegistry(config(200, "database", "bundles"));

    @AfterEach
    void tearDown() {
        registry.deactivate();
    }

    static HealthConfig config(long timeoutMs, String... required) {
        return new HealthConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return HealthConfig.class;
            }

            @Override
            public String[] requiredChecks() {
                return required;
            }

            @Override
            public long checkTimeoutMs() {
                return timeoutMs;
            }
        };
    }

    static HealthCheck check(String name, Supplier<HealthResult> result) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthResult check() {
                return result.get();
            }
        };
    }

    @Test
    void upWhenEveryCheckIncludingTheRequiredOnesIsUp() {
        registry.addCheck(check("database", () -> HealthResult.up("open").with("schemaVersion", 1)));
        registry.addCheck(check("bundles", () -> HealthResult.up("3 active")));
        registry.addCheck(check("admin-user", () -> HealthResult.up("exists")));
        HealthReport report = registry.readiness();
        assertThat(report.status()).isEqualTo(HealthStatus.UP);
        assertThat(report.checks()).extracting(HealthReport.Check::name).containsExactly("admin-user", "bundles", "database");
    }

    @Test
    void aMissingRequiredCheckMakesTheServerNotReady() {
        registry.addCheck(check("bundles", () -> HealthResult.up("ok")));
        HealthReport report = registry.readiness();
        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.failing()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("database");
            assertThat(c.message()).contains("not registered");
        });
    }

    @Test
    void aThrowingCheckIsDownAndItsMessageIsNotRepeated() {
        registry.addCheck(check("database", () -> HealthResult.up("ok")));
        registry.addCheck(check("bundles", () -> {
            throw new IllegalStateException("token=hunter2");
        }));
        HealthReport report = registry.readiness();
        assertThat(report.isUp()).isFalse();
        HealthReport.Check failing = report.failing().get(0);
        assertThat(failing.message()).isEqualTo("check failed: java.lang.IllegalStateException").doesNotContain("hunter2");
    }

    @Test
    void aHangingCheckIsDownAfterTheTimeLimit() {
        registry.addCheck(check("database", () -> HealthResult.up("ok")));
        registry.addCheck(check("bundles", () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HealthResult.up("too late");
        }));
        HealthReport report = registry.readiness();
        assertThat(report.failing()).singleElement()
                .satisfies(c -> assertThat(c.message()).isEqualTo("check did not answer within 200 ms"));
    }

    @Test
    void aRemovedCheckLeavesTheReport() {
        HealthCheck extra = check("extra", () -> HealthResult.down("broken"));
        registry.addCheck(check("database", () -> HealthResult.up("ok")));
        registry.addCheck(check("bundles", () -> HealthResult.up("ok")));
        registry.addCheck(extra);
        assertThat(registry.readiness().isUp()).isFalse();
        registry.removeCheck(extra);
        assertThat(registry.readiness().isUp()).isTrue();
    }

    @Test
    void theJsonBodyHasStatusAndChecks() throws Exception {
        registry.addCheck(check("database", () -> HealthResult.up("open").with("schemaVersion", 1)));
        registry.addCheck(check("bundles", () -> HealthResult.down("io.devrig.store (RESOLVED)")));
        JsonNode json = HealthServlet.JSON.readTree(HealthServlet.JSON.writeValueAsBytes(HealthServlet.body(registry.readiness())));
        assertThat(json.get("status").asText()).isEqualTo("DOWN");
        assertThat(json.get("checks")).hasSize(2);
        assertThat(json.get("checks").get(0).get("name").asText()).isEqualTo("bundles");
        assertThat(json.get("checks").get(0).get("status").asText()).isEqualTo("DOWN");
        assertThat(json.get("checks").get(1).get("details").get("schemaVersion").asInt()).isEqualTo(1);
    }
}
