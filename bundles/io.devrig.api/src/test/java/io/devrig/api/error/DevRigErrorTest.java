package io.devrig.api.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DevRigErrorTest {

    @Test
    void retryabilityFollowsTheCategoryDefaultsOfTheSeed() {
        assertThat(DevRigError.of("X", ErrorCategory.TRANSIENT, "m").retryable()).isTrue();
        assertThat(DevRigError.of("X", ErrorCategory.RESOURCE, "m").retryable()).isTrue();
        assertThat(DevRigError.of("X", ErrorCategory.TIMEOUT, "m").retryable()).isTrue();
        assertThat(DevRigError.of("X", ErrorCategory.PLUGIN, "m").retryable()).isTrue();
        assertThat(DevRigError.of("X", ErrorCategory.PERMANENT, "m").retryable()).isFalse();
        assertThat(DevRigError.of("X", ErrorCategory.CANCELLED, "m").retryable()).isFalse();
        assertThat(DevRigError.of("X", ErrorCategory.TRANSIENT, "m").withRetryable(false).retryable()).isFalse();
    }

    @Test
    void codesMustBeUpperSnakeCase() {
        assertThatThrownBy(() -> DevRigError.of("http timeout", ErrorCategory.TIMEOUT, "m"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UPPER_SNAKE_CASE");
    }

    @Test
    void categoriesHaveLowerCaseWireNames() {
        assertThat(ErrorCategory.TRANSIENT.wireName()).isEqualTo("transient");
        assertThat(ErrorCategory.fromWireName("Plugin")).isEqualTo(ErrorCategory.PLUGIN);
        assertThatThrownBy(() -> ErrorCategory.fromWireName("fatal")).hasMessageContaining("expected one of");
    }

    @Test
    void exceptionCarriesTheErrorAndASafeMessage() {
        DevRigError error = DevRigError.of(ErrorCodes.DB_BUSY, ErrorCategory.TRANSIENT, "database is locked")
                .withDetails(Map.of("table", "job_queue")).withRun("run1", "node1");
        DevRigException e = new DevRigException(error);
        assertThat(e.getMessage()).isEqualTo("DB_BUSY (transient): database is locked");
        assertThat(e.code()).isEqualTo("DB_BUSY");
        assertThat(e.retryable()).isTrue();
        assertThat(e.error().details()).containsEntry("table", "job_queue");
        assertThat(e.error().runId()).isEqualTo("run1");
        assertThat(e.error().nodeId()).isEqualTo("node1");
        assertThatThrownBy(() -> e.error().details().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
