package io.devrig.trigger.webhook.internal;

import io.devrig.api.secrets.SecretInfo;
import io.devrig.api.secrets.SecretValue;
import io.devrig.api.secrets.SecretVault;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Secrets in a map; settable to fail like a vault without its key. */
final class MemoryVault implements SecretVault {

    private final Map<String, char[]> values = new ConcurrentHashMap<>();
    volatile RuntimeException failWith;

    MemoryVault with(String name, String value) {
        values.put(name, value.toCharArray());
        return this;
    }

    @Override
    public void put(String name, String category, char[] value) {
        values.put(name, value.clone());
    }

    /** Calls of {@link #get}. */
    final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Optional<SecretValue> get(String name) {
        reads.incrementAndGet();
        if (failWith != null) {
            throw failWith;
        }
        char[] v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(new SecretValue(v.clone()));
    }

    @Override
    public List<SecretInfo> list() {
        Instant t = Instant.EPOCH;
        return values.keySet().stream().sorted().map(n -> new SecretInfo(n, "general", "********", t, t)).toList();
    }

    @Override
    public boolean delete(String name) {
        return values.remove(name) != null;
    }

    @Override
    public int rotateKey() {
        return values.size();
    }
}
