package io.devrig.inbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.Priority;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ItemValidatorTest {

    static InboxItemInput with(String externalId, String type, String title, String body, String preview, String url,
            Map<String, Object> metadata, String createdAt) {
        return new InboxItemInput(externalId, type, title, body, preview, url, null, null, metadata, createdAt);
    }

    static Stream<Arguments> bad() {
        Map<String, Object> nested = new HashMap<>();
        Map<String, Object> cur = nested;
        for (int i = 0; i < 40; i++) {
            Map<String, Object> next = new HashMap<>();
            cur.put("n", next);
            cur = next;
        }
        return Stream.of(
                Arguments.of(with(null, "t", "x", null, null, null, null, null), "externalId: required"),
                Arguments.of(with("", "t", "x", null, null, null, null, null), "externalId: required"),
                Arguments.of(with("e".repeat(501), "t", "x", null, null, null, null, null), "externalId: at most 500 characters, got 501"),
                Arguments.of(with("e", null, "x", null, null, null, null, null), "type: required"),
                Arguments.of(with("e", "t".repeat(101), "x", null, null, null, null, null), "type: at most 100 characters, got 101"),
                Arguments.of(with("e", "t", null, null, null, null, null, null), "title: required"),
                Arguments.of(with("e", "t", "  ", null, null, null, null, null), "title: required"),
                Arguments.of(with("e", "t", "x".repeat(501), null, null, null, null, null), "title: at most 500 characters, got 501"),
                Arguments.of(with("e", "t", "x", null, "p".repeat(281), null, null, null), "preview: at most 280 characters, got 281"),
                Arguments.of(with("e", "t", "x", "b".repeat(1024 * 1024 + 1), null, null, null, null),
                        "body: at most 1 MiB (1048576 bytes as UTF-8), got 1048577"),
                Arguments.of(with("e", "t", "x", "é".repeat(600_000), null, null, null, null),
                        "body: at most 1 MiB (1048576 bytes as UTF-8), got 1200000"),
                Arguments.of(with("e", "t", "x", null, null, "ftp://example.com/x", null, null), "sourceUrl: must be an absolute http or https URL"),
                Arguments.of(with("e", "t", "x", null, null, "/relative", null, null), "sourceUrl: must be an absolute http or https URL"),
                Arguments.of(with("e", "t", "x", null, null, "http://exa mple.com", null, null), "sourceUrl: not a valid URL"),
                Arguments.of(with("e", "t", "x", null, null, "https://x.io/" + "a".repeat(2048), null, null), "sourceUrl: at most 2048 characters"),
                Arguments.of(with("e", "t", "x", null, null, null, Map.of("big", "v".repeat(70_000)), null), "metadata: at most 65536 bytes as JSON, got 70010"),
                Arguments.of(with("e", "t", "x", null, null, null, Map.of("when", new java.util.Date()), null), "metadata.when: not a JSON value (Java Date)"),
                Arguments.of(with("e", "t", "x", null, null, null, Map.of("l", List.of(1, Double.NaN)), null), "metadata.l[1]: number NaN is not JSON"),
                Arguments.of(with("e", "t", "x", null, null, null, nested, null), "nested deeper than 32 levels"),
                Arguments.of(with("e", "t", "x", null, null, null, null, "yesterday"), "externalCreatedAt: must be an ISO-8601 instant"));
    }

    @ParameterizedTest
    @MethodSource("bad")
    void refusesWithAMessageNamingTheField(InboxItemInput in, String message) {
        assertThatThrownBy(() -> ItemValidator.validate(in)).isInstanceOf(ItemException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200)); // never echoes the value
    }

    @Test
    void limitsAreInclusiveAndCountCharactersNotUnits() {
        String emoji = "😀".repeat(280); // 560 UTF-16 units, 280 characters
        ValidItem v = ItemValidator.validate(with("e".repeat(500), "t".repeat(100), "x".repeat(500),
                "b".repeat(1024 * 1024), emoji, "https://example.com/a?b=c", Map.of("k", "v"), "2026-11-23T08:15:30Z"));
        assertThat(v.preview()).isEqualTo(emoji);
        assertThat(v.externalCreatedAt()).isEqualTo("2026-11-23T08:15:30.000Z");
        assertThat(v.priority()).isEqualTo("normal");
        assertThat(v.actionable()).isFalse();
        assertThat(v.metadata()).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void acceptsOffsetTimesAndDefaultsMetadata() {
        ValidItem v = ItemValidator.validate(with("e", "t", "x", null, null, null, null, "2026-11-23T10:00:00+02:00"));
        assertThat(v.externalCreatedAt()).isEqualTo("2026-11-23T08:00:00.000Z");
        assertThat(v.metadata()).isEqualTo("{}");
    }

    @Test
    void hashChangesWithContentOnly() {
        InboxItemInput a = new InboxItemInput("e", "t", "x", "b", null, null, Priority.HIGH, true, Map.of("a", 1, "b", 2), null);
        InboxItemInput sameOtherId = new InboxItemInput("other", "t", "x", "b", null, null, Priority.HIGH, true,
                Map.of("b", 2, "a", 1), null);
        InboxItemInput shifted = new InboxItemInput("e", "t", "xb", "", null, null, Priority.HIGH, true, Map.of("a", 1, "b", 2), null);
        assertThat(ItemValidator.validate(a).hash()).isEqualTo(ItemValidator.validate(sameOtherId).hash()).hasSize(32);
        assertThat(ItemValidator.validate(a).hash()).isNotEqualTo(ItemValidator.validate(shifted).hash());
    }

    @Test
    void itemUpdatesAllowOnlyTheDocumentedFields() {
        ItemValidator.ItemUpdate u = ItemValidator.update(Map.of("title", "New", "status", "archived", "priority", "urgent",
                "actionable", false, "metadata", Map.of("merged", true)));
        assertThat(u.fields).containsExactly("actionable", "metadata", "priority", "status", "title");
        assertThat(u.status).isEqualTo("archived");
        assertThat(u.metadata).isEqualTo("{\"merged\":true}");

        assertThatThrownBy(() -> ItemValidator.update("x")).hasMessage("itemUpdate: must be a JSON object");
        assertThatThrownBy(() -> ItemValidator.update(Map.of("externalId", "x")))
                .hasMessageStartingWith("itemUpdate.externalId: unknown field");
        assertThatThrownBy(() -> ItemValidator.update(Map.of("status", "snoozed")))
                .hasMessage("itemUpdate.status: must be one of unread, read, archived");
        assertThatThrownBy(() -> ItemValidator.update(Map.of("priority", "critical")))
                .hasMessage("itemUpdate.priority: must be one of urgent, high, normal, low");
        assertThatThrownBy(() -> ItemValidator.update(Map.of("actionable", "yes")))
                .hasMessage("itemUpdate.actionable: must be true or false");
        assertThatThrownBy(() -> ItemValidator.update(Map.of("title", 5))).hasMessage("itemUpdate.title: must be a string");
        assertThatThrownBy(() -> ItemValidator.update(Map.of("preview", "p".repeat(300))))
                .hasMessage("itemUpdate.preview: at most 280 characters, got 300");
        assertThatThrownBy(() -> ItemValidator.update(Map.of("metadata", List.of())))
                .hasMessage("itemUpdate.metadata: must be a JSON object");
    }
}
