package io.devrig.action.http.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.secrets.SecretValue;
import io.devrig.api.secrets.SecretVault;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The vault secrets of one call, by name, and the masking of their values: every text the
 * call returns, logs or throws goes through {@link #mask} first, so a server that echoes the
 * Authorization header (or an error that quotes a webhook URL) cannot carry a secret into a
 * run record. Not thread-safe: one instance per call.
 */
final class Secrets {

    /** What a secret value is replaced with. */
    static final String MASK = "********";
    /** A secret was named that the vault does not hold (permanent: a retry finds none either). */
    static final String SECRET_NOT_FOUND = "SECRET_NOT_FOUND";
    /** Shorter values are not masked: masking "ab" everywhere would garble every text. */
    static final int MIN_MASKED = 4;

    private final SecretVault vault;
    private final List<String> values = new ArrayList<>();

    Secrets(SecretVault vault) {
        this.vault = vault;
    }

    /**
     * The value of the secret named {@code name}, remembered for masking.
     *
     * @param path the JSON path of the input that named it, for the error
     */
    String reveal(String name, String path) {
        Optional<SecretValue> found = vault.get(name);
        if (found.isEmpty()) {
            throw new DevRigException(DevRigError.of(SECRET_NOT_FOUND, ErrorCategory.PERMANENT,
                    path + ": the vault holds no secret named '" + name + "'")
                    .withDetails(Map.of("path", path, "secret", name)));
        }
        try (SecretValue secret = found.get()) {
            String value = secret.reveal();
            remember(value);
            return value;
        }
    }

    /** Masks {@code value} (and its percent-encoded form) from now on. */
    void remember(String value) {
        if (value == null || value.length() < MIN_MASKED) {
            return;
        }
        values.add(value);
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        if (!encoded.equals(value)) {
            values.add(encoded);
        }
        // longest first, so a value containing another is masked whole
        values.sort(Comparator.comparingInt(String::length).reversed());
    }

    boolean any() {
        return !values.isEmpty();
    }

    String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String v : values) {
            masked = masked.replace(v, MASK);
        }
        return masked;
    }

    /** A JSON-shaped value with every string (keys too) masked. */
    Object mask(Object value) {
        if (values.isEmpty()) {
            return value;
        }
        if (value instanceof String s) {
            return mask(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(mask(String.valueOf(k)), mask(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(mask(v)));
            return out;
        }
        return value;
    }

    /** The error with its message and details masked; code, category and retryability kept. */
    DevRigException mask(DevRigException e) {
        DevRigError err = e.error();
        String message = mask(err.message());
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) mask((Object) err.details());
        if (message.equals(err.message()) && details.equals(err.details())) {
            return e;
        }
        // the cause is dropped: its text may hold the value we just masked
        return new DevRigException(new DevRigError(err.code(), err.category(), message, details, err.retryable(),
                err.nodeId(), err.runId(), err.timestamp()));
    }
}
