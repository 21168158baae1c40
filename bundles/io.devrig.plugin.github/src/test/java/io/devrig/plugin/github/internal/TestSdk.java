package io.devrig.plugin.github.internal;

import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.inbox.SyncProgress;
import io.devrig.api.plugin.sdk.PluginInbox;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.plugin.sdk.PluginSecrets;
import io.devrig.api.plugin.sdk.PluginSettings;
import io.devrig.api.plugin.sdk.PluginStorage;
import io.devrig.api.secrets.SecretValue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory doubles of the SDK services the plugin uses. */
final class TestSdk {

    private TestSdk() {
    }

    /** The plugin's settings as an admin saved them with devrig:plugin-config. */
    static final class Settings implements PluginSettings {
        volatile Map<String, Object> values;

        Settings(Map<String, Object> values) {
            this.values = values;
        }

        @Override
        public Map<String, Object> get() {
            return values;
        }

        @Override
        public void addListener(Listener listener) {
            throw new UnsupportedOperationException("the actions read their settings on every call");
        }

        @Override
        public void removeListener(Listener listener) {
        }
    }

    /** The vault's {@code io.devrig.plugin.github/...} secrets. */
    static final class Secrets implements PluginSecrets {
        final Map<String, String> values = new ConcurrentHashMap<>();
        int reads;

        @Override
        public Optional<SecretValue> get(String name) {
            reads++;
            String v = values.get(name);
            return v == null ? Optional.empty() : Optional.of(new SecretValue(v.toCharArray()));
        }
    }

    /**
     * Records what the plugin stores and archives; upserts by externalId like the real inbox: a
     * changed item that was archived comes back unread, read and snoozed ones keep their status.
     */
    static final class Inbox implements PluginInbox {
        final Map<String, InboxItemInput> items = new java.util.LinkedHashMap<>();
        final Map<String, InboxStatus> statuses = new java.util.LinkedHashMap<>();
        final List<List<String>> archiveCalls = new ArrayList<>();
        final List<List<String>> markReadCalls = new ArrayList<>();
        int storeCalls;
        int created;
        int updated;

        @Override
        public synchronized StoreResult storeItems(List<InboxItemInput> batch) {
            storeCalls++;
            int c = 0;
            int u = 0;
            int same = 0;
            for (InboxItemInput in : batch) {
                InboxItemInput old = items.put(in.externalId(), in);
                if (old == null) {
                    c++;
                    statuses.put(in.externalId(), InboxStatus.UNREAD);
                } else if (old.equals(in)) {
                    same++;
                } else {
                    u++;
                    if (statuses.get(in.externalId()) == InboxStatus.ARCHIVED) {
                        statuses.put(in.externalId(), InboxStatus.UNREAD); // new activity brings it back
                    }
                }
            }
            created += c;
            updated += u;
            return new StoreResult(c, u, same, List.of());
        }

        @Override
        public synchronized List<InboxItem> queryItems(InboxQuery query) {
            return items.values().stream()
                    .filter(i -> query.types().isEmpty() || query.types().contains(i.type()))
                    .filter(i -> query.statuses().isEmpty() ? statuses.get(i.externalId()) != InboxStatus.ARCHIVED
                            : query.statuses().contains(statuses.get(i.externalId())))
                    .skip(query.offset()).limit(query.limit())
                    .map(i -> new InboxItem("id-" + i.externalId(), "io.devrig.plugin.github", i.externalId(), i.type(),
                            i.title(), i.body(), i.preview(), i.sourceUrl(), i.priority(), statuses.get(i.externalId()),
                            Boolean.TRUE.equals(i.actionable()), i.metadata(), null, i.externalCreatedAt(), null, null,
                            null, null, null, null))
                    .toList();
        }

        @Override
        public synchronized int markRead(List<String> externalIds) {
            markReadCalls.add(List.copyOf(externalIds));
            int n = 0;
            for (String id : externalIds) {
                if (statuses.get(id) == InboxStatus.UNREAD) {
                    statuses.put(id, InboxStatus.READ);
                    n++;
                }
            }
            return n;
        }

        @Override
        public synchronized int archive(List<String> externalIds) {
            archiveCalls.add(List.copyOf(externalIds));
            int n = 0;
            for (String id : externalIds) {
                if (statuses.containsKey(id) && statuses.get(id) != InboxStatus.ARCHIVED) {
                    statuses.put(id, InboxStatus.ARCHIVED);
                    n++;
                }
            }
            return n;
        }

        @Override
        public void reportSyncProgress(SyncProgress progress) {
        }

        synchronized InboxItemInput item(String externalId) {
            return items.get(externalId);
        }

        synchronized InboxStatus status(String externalId) {
            return statuses.get(externalId);
        }

        /** What the user does in the inbox: marks an item read or unread (Inbox.markRead(ids, read)). */
        synchronized void userMarks(String externalId, InboxStatus status) {
            statuses.put(externalId, status);
        }
    }

    /** The plugin's key/value store. */
    static final class Storage implements PluginStorage {
        final Map<String, String> values = new TreeMap<>();

        @Override
        public synchronized Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public synchronized void put(String key, String json) {
            values.put(key, json);
        }

        @Override
        public synchronized boolean delete(String key) {
            return values.remove(key) != null;
        }

        @Override
        public synchronized List<String> keys() {
            return List.copyOf(values.keySet());
        }
    }

    /** Keeps every line, with the placeholders filled in, so tests can look for leaks. */
    static final class Log implements PluginLog {
        final List<String> lines = new ArrayList<>();

        private synchronized void add(String level, String message, Object... args) {
            String s = message;
            for (Object a : args) {
                s = s.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(String.valueOf(a)));
            }
            lines.add(level + " " + s);
        }

        @Override
        public void debug(String message, Object... arguments) {
            add("DEBUG", message, arguments);
        }

        @Override
        public void info(String message, Object... arguments) {
            add("INFO", message, arguments);
        }

        @Override
        public void warn(String message, Object... arguments) {
            add("WARN", message, arguments);
        }

        @Override
        public void error(String message, Object... arguments) {
            add("ERROR", message, arguments);
        }

        synchronized String all() {
            return String.join("\n", lines);
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advanceSeconds(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
