package io.devrig.trigger.cron.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CronConfigTest {

    private final MutableClock clock = new MutableClock("2026-06-01T00:00:00Z");
    private final CronTriggerType type = new CronTriggerType(clock, CronScheduler.manual(clock));

    private static Map<String, Object> config(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aFullConfigurationIsAccepted() {
        assertThat(type.validate(config("expression", "0 9 * * 1-5", "timezone", "Europe/Berlin", "maxExecutions", 10,
                "noOverlap", true, "missedFirePolicy", "skip", "deduplicationWindowSeconds", 120))).isEmpty();
        assertThat(type.validate(config("expression", "0 0/5 * ? * MON-FRI 2026-2030"))).isEmpty();
        assertThat(type.validate(config("expression", "*/10 * * * * ?", "maxExecutions", new BigDecimal("3"),
                "timezone", null))).isEmpty();
        assertThat(type.validate(config("expression", "0 9 * * *", "maxExecutions", 2.0))).isEmpty();
    }

    @Test
    void defaultsAreUtcFireOnceNoLimitAndOverlapAllowed() {
        CronConfig c = CronConfig.read(config("expression", "0 9 * * *"), clock.now(), new java.util.ArrayList<>());
        assertThat(c.schedule().zone().getId()).isEqualTo("UTC");
        assertThat(c.missedFirePolicy()).isEqualTo(CronConfig.MissedFirePolicy.FIRE_ONCE);
        assertThat(c.maxExecutions()).isZero();
        assertThat(c.noOverlap()).isFalse();
    }

    @Test
    void badExpressionsAreRejectedWithTheirJsonPath() {
        assertThat(type.validate(config())).containsExactly(
                "$.trigger.expression: required (e.g. \"0 9 * * 1-5\", or Quartz \"0 0 9 ? * MON-FRI\")");
        assertThat(type.validate(config("expression", "0 9 * *"))).singleElement().asString()
                .startsWith("$.trigger.expression: must have 5 fields").endsWith("got 4");
        assertThat(type.validate(config("expression", "0 25 * * *"))).singleElement().asString()
                .startsWith("$.trigger.expression: ").contains("as Quartz: '0 0 25 * * ?'");
        assertThat(type.validate(config("expression", "0 9 1 * 1"))).singleElement().asString()
                .startsWith("$.trigger.expression: restricts both day-of-month");
        assertThat(type.validate(config("expression", "0 0 0 1 1 ? 2020")))
                .containsExactly("$.trigger.expression: never fires after 2026-06-01T00:00:00Z");
        assertThat(type.validate(config("expression", 5)))
                .containsExactly("$.trigger.expression: must be a cron expression, got 5");
        assertThat(type.validate(config("expression", "  "))).singleElement().asString()
                .startsWith("$.trigger.expression: must be a cron expression");
    }

    @Test
    void otherBadFieldsAreRejectedEachWithItsPath() {
        List<String> problems = type.validate(config("expression", "0 9 * * *", "timezone", "Mars/Olympus_Mons",
                "maxExecutions", -1, "noOverlap", "yes", "missedFirePolicy", "fireAll", "timeZone", "UTC"));
        assertThat(problems).containsExactlyInAnyOrder(
                "$.trigger.timeZone: unknown field of a cron trigger (known: expression, timezone, maxExecutions,"
                        + " noOverlap, missedFirePolicy)",
                "$.trigger.timezone: unknown time zone 'Mars/Olympus_Mons' (an IANA id such as Europe/Berlin, or UTC)",
                "$.trigger.maxExecutions: must be a whole number of at least 1, got -1",
                "$.trigger.noOverlap: must be true or false, got \"yes\"",
                "$.trigger.missedFirePolicy: must be \"fireOnce\" or \"skip\", got \"fireAll\"");
        assertThat(type.validate(config("expression", "0 9 * * *", "maxExecutions", 0)))
                .containsExactly("$.trigger.maxExecutions: must be a whole number of at least 1, got 0");
        assertThat(type.validate(config("expression", "0 9 * * *", "maxExecutions", 2.5)))
                .containsExactly("$.trigger.maxExecutions: must be a whole number of at least 1, got 2.5");
        assertThat(type.validate(config("expression", "0 9 * * *", "maxExecutions", "3")))
                .containsExactly("$.trigger.maxExecutions: must be a whole number of at least 1, got \"3\"");
        assertThat(type.validate(config("expression", "0 9 * * *", "timezone", 2)))
                .containsExactly("$.trigger.timezone: must be a time zone id such as Europe/Berlin, got 2");
    }

    @Test
    void createHandlerRefusesWhatValidateRefuses() {
        FakeTriggerContext ctx = new FakeTriggerContext("t1", new HashMap<>(config("expression", "0 9 * *")), clock);
        assertThatThrownBy(() -> type.createHandler(ctx)).isInstanceOfSatisfying(DevRigException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("$.trigger.expression: must have 5 fields");
                });
    }
}
