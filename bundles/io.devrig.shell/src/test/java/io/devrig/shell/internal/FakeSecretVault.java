package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.secrets.SecretInfo;
import io.devrig.api.secrets.SecretValue;
import io.devrig.api.secrets.SecretVault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** A map-backed vault: values in memory, a settable failure for every call. */
final class FakeSecretVault implements SecretVault {

    private record Entry(String category, char[] value, Instant createdAt, Instant updatedAt) {
    }

    private final TreeMap<String, Entry> secrets = new TreeMap<>();
    private Instant now = Instant.parse("2025-03-04T05:06:07.890Z");
    private DevRigException failure;
    int rotations;

    /** Makes every following call throw {@code e}. */
    FakeSecretVault failWith(DevRigException e) {
        this.failure = e;
        return this;
    }

    FakeSecretVault at(Instant when) {
        this.now = when;
        return this;
    }

    /** A copy of what was stored, null when nothing was. */
    char[] stored(String name) {
        Entry e = secrets.get(name);
        return e == null ? null : e.value().clone();
    }

    String categoryOf(String name) {
        return secrets.get(name).category();
    }

    @Override
    public void put(String name, String category, char[] value) {
        check();
        if (value == null || value.length == 0) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "empty value");
        }
        Entry old = secrets.get(name);
        secrets.put(name, new Entry(category == null ? "general" : category, value.clone(),
                old == null ? now : old.createdAt(), now));
    }

    @Override
    public Optional<SecretValue> get(String name) {
        check();
        Entry e = secrets.get(name);
        return e == null ? Optional.empty() : Optional.of(new SecretValue(e.value().clone()));
    }

    @Override
    public List<SecretInfo> list() {
        check();
        List<SecretInfo> infos = new ArrayList<>();
        // reverse order on purpose: the command sorts, whatever the vault returns
        for (String name : secrets.descendingKeySet()) {
            Entry e = secrets.get(name);
            infos.add(new SecretInfo(name, e.category(), "******** (" + e.value().length + " characters)",
                    e.createdAt(), e.updatedAt()));
        }
        return infos;
    }

    @Override
    public boolean delete(String name) {
        check();
        Entry e = secrets.remove(name);
        if (e != null) {
            Arrays.fill(e.value(), '\0');
        }
        return e != null;
    }

    @Override
    public int rotateKey() {
        check();
        rotations++;
        return secrets.size();
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
    }
}
