package io.devrig.trigger.webhook.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.secrets.SecretValue;
import io.devrig.api.secrets.SecretVault;
import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.trigger.webhook.internal.WebhookConfig.Scheme;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started webhook trigger: its path, configuration and context, and what it does with a
 * request (README, "What a request goes through"). Every answer to bad input is a 4xx with a
 * short JSON body that never echoes the request, and nothing but {@code context.fire} starts a
 * run: the manager commits the event (and its run) before {@code fire} returns, so the 2xx
 * that follows is a durable accept.
 */
final class LiveHook implements TriggerHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LiveHook.class);

    /** Seconds a sender waits after a 503 (the manager or the vault could not answer). */
    static final int UNAVAILABLE_RETRY_AFTER = 10;
    static final int MAX_DELIVERY_ID = 256;
    private static final long REPORT_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    static final String UNAUTHORIZED_MESSAGE = "the request is not signed as this webhook requires";

    private final String path;
    private final WebhookConfig config;
    private final TriggerContext context;
    private final HookRegistry registry;
    private final SecretVault vault;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final RateLimiter limiter;
    private final Object reportLock = new Object();
    private String lastReport;
    private long lastReportAt;

    LiveHook(String path, WebhookConfig config, TriggerContext context, HookRegistry registry, SecretVault vault,
            Clock clock, LongSupplier nanoTime) {
        this.path = path;
        this.config = config;
        this.context = context;
        this.registry = registry;
        this.vault = vault;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.limiter = new RateLimiter(config.rateRequests(), config.ratePerSeconds(), nanoTime);
    }

    String path() {
        return path;
    }

    WebhookConfig config() {
        return config;
    }

    String triggerId() {
        return context.triggerId();
    }

    String workflowId() {
        return context.workflowId();
    }

    int workflowVersion() {
        return context.workflowVersion();
    }

    @Override
    public void start() {
        registry.register(this);
    }

    @Override
    public void stop() {
        registry.unregister(this);
        forgetKeys();
    }

    /** Answers one request to this hook's path. */
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!config.methods().contains(method)) {
            response.setHeader("Allow", String.join(", ", config.methods()));
            Answers.error(response, 405, "METHOD_NOT_ALLOWED", "this webhook accepts " + String.join(", ", config.methods()));
            return;
        }
        long wait = limiter.acquire();
        if (wait > 0) {
            response.setHeader("Retry-After", Long.toString(wait));
            Answers.error(response, 429, "RATE_LIMITED", "too many requests to this webhook; retry after " + wait + " s");
            return;
        }
        byte[] body = new byte[0];
        if (!"GET".equals(method)) { // a GET carries its data in the query; its body is never read
            String typeProblem = Requests.contentTypeProblem(request.getContentType(), config.contentType());
            if (typeProblem != null) {
                Answers.error(response, 415, "UNSUPPORTED_MEDIA_TYPE", typeProblem);
                return;
            }
            if (request.getContentLengthLong() > config.maxBodyBytes()) {
                tooLarge(response);
                return;
            }
            try {
                body = BoundedBody.read(request.getInputStream(), config.maxBodyBytes());
            } catch (BoundedBody.TooLarge e) {
                tooLarge(response);
                return;
            } catch (IOException | RuntimeException e) {
                // a client that went away or sent broken chunks: its problem, not a 500
                response.setHeader("Connection", "close");
                Answers.error(response, 400, "INVALID_INPUT", "the request body could not be read");
                return;
            }
        }

        if (config.signature() != Scheme.NONE) {
            Verdict verdict;
            try {
                verdict = verify(request, body);
            } catch (Unavailable e) {
                report(e.getMessage());
                response.setHeader("Retry-After", Integer.toString(UNAVAILABLE_RETRY_AFTER));
                Answers.error(response, 503, "UNAVAILABLE", "the webhook cannot verify requests now; retry later");
                return;
            }
            if (verdict != Verdict.OK) {
                LOG.debug("webhook /hooks/{}: refused a request: {}", path, verdict.reason);
                report("webhook /hooks/" + path + ": refused a request: " + verdict.reason);
                Answers.error(response, 401, "UNAUTHORIZED", UNAUTHORIZED_MESSAGE);
                return;
            }
        }

        String deliveryId = null;
        String idHeader = null;
        for (String header : Requests.DELIVERY_ID_HEADERS) {
            String value = request.getHeader(header);
            if (value != null) {
                deliveryId = value;
                idHeader = header;
                break;
            }
        }
        if (deliveryId != null && !Requests.isPrintable(deliveryId, MAX_DELIVERY_ID)) {
            Answers.error(response, 400, "INVALID_INPUT", "the " + idHeader + " header must be 1 to " + MAX_DELIVERY_ID
                    + " printable characters");
            return;
        }
        Map<String, Object> payload;
        try {
            payload = Requests.payload(request, path, body, config, deliveryId, clock.instant());
        } catch (Requests.BadInput e) {
            Answers.error(response, 400, "INVALID_INPUT", e.getMessage());
            return;
        }
        String key = deliveryId != null ? idHeader.toLowerCase(Locale.ROOT) + ":" + deliveryId
                : Requests.bodyKey(method, path, request.getQueryString(), body);
        fire(key, payload, response);
    }

    private void fire(String key, Map<String, Object> payload, HttpServletResponse response) throws IOException {
        FireResult result;
        try {
            result = context.fire(key, payload);
        } catch (RuntimeException e) {
            // the manager recorded nothing: the sender must deliver again
            LOG.warn("webhook /hooks/{}: the event could not be recorded: {}", path,
                    e instanceof DevRigException d && d.error() != null ? d.error().summary() : e.toString());
            result = null;
        }
        if (result == null || result.outcome() == null) {
            response.setHeader("Retry-After", Integer.toString(UNAVAILABLE_RETRY_AFTER));
            Answers.error(response, 503, "UNAVAILABLE", "the event could not be recorded; retry later");
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("eventId", result.eventId());
        switch (result.outcome()) {
            case STARTED, ACCEPTED -> { // accepted: the run with this id starts moments later
                answer.put("runId", result.runId());
                Answers.json(response, 202, answer);
            }
            case DUPLICATE -> {
                answer.put("duplicate", true);
                Answers.json(response, 200, answer);
            }
            case REFUSED -> {
                answer.put("error", "REFUSED");
                answer.put("reason", result.reason());
                Answers.json(response, 409, answer);
            }
        }
    }

    private static void tooLarge(HttpServletResponse response) throws IOException {
        // the rest of the body is never read: the connection cannot be reused
        response.setHeader("Connection", "close");
        Answers.error(response, 413, "PAYLOAD_TOO_LARGE", "the request body is larger than this webhook accepts");
    }

    /** Why a signature check failed, for the log and the trigger's lastError only (the sender sees one message). */
    private enum Verdict {
        OK(null),
        MISSING("a signature header is missing"),
        STALE("webhook-timestamp is not a number within the tolerance"),
        MISMATCH("no signature matches any of the secrets");

        final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }
    }

    /** The vault could not give any key: a server problem, answered 503. The message names secrets, never values. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private Verdict verify(HttpServletRequest request, byte[] body) throws Unavailable {
        switch (config.signature()) {
            case STANDARD -> {
                String id = request.getHeader("webhook-id");
                String timestamp = request.getHeader("webhook-timestamp");
                String signature = request.getHeader("webhook-signature");
                if (id == null || timestamp == null || signature == null) {
                    return Verdict.MISSING;
                }
                if (!timestamp.matches("[0-9]{1,15}")
                        || Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp)) > config.toleranceSeconds()) {
                    return Verdict.STALE;
                }
                return check(keys -> Signatures.standard(id, timestamp, signature, body, keys));
            }
            case GITHUB -> {
                String signature = request.getHeader("X-Hub-Signature-256");
                return signature == null ? Verdict.MISSING : check(keys -> Signatures.github(signature, body, keys));
            }
            case HMAC -> {
                String signature = request.getHeader(config.header());
                return signature == null ? Verdict.MISSING
                        : check(keys -> Signatures.hmac(signature, config.prefix(), config.base64(), body, keys));
            }
            default -> throw new IllegalStateException("no check for " + config.signature());
        }
    }

    private interface KeyCheck {
        boolean matches(List<byte[]> keys);
    }

    private Verdict check(KeyCheck check) throws Unavailable {
        return check.matches(keys()) ? Verdict.OK : Verdict.MISMATCH;
    }

    /**
     * How long the key bytes read from the vault are used before it is asked again. Reading
     * them is a store read and an AES-GCM decryption per secret: a quarter of a request
     * thread's time under load, for a value that changes when an admin rotates it. A secret
     * set, rotated or deleted in the vault applies to requests within this time.
     */
    static final long KEYS_FOR_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The keys of the last vault read and when it was made; never changed, only replaced. */
    private record Keys(List<byte[]> keys, long readAtNanos) {
    }

    private volatile Keys keys;

    /** The key bytes, read from the vault at most once every {@link #KEYS_FOR_NANOS}. */
    private List<byte[]> keys() throws Unavailable {
        Keys held = keys;
        long now = nanoTime.getAsLong();
        if (held != null && now - held.readAtNanos() < KEYS_FOR_NANOS) {
            return held.keys();
        }
        // a replaced list may still be in use by a request: left to the garbage collector, not zeroed
        List<byte[]> read = List.copyOf(readKeys());
        keys = new Keys(read, now);
        return read;
    }

    /**
     * Forgets the keys (the handler stops). Not zeroed: a request still running on this
     * handler may be verifying with them, and must not fail because a new version was published.
     */
    private void forgetKeys() {
        keys = null;
    }

    /** The key bytes of every configured secret the vault has now. Missing names are skipped while one remains. */
    private List<byte[]> readKeys() throws Unavailable {
        List<byte[]> keys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : config.secretNames()) {
            Optional<SecretValue> secret;
            try {
                secret = vault.get(name);
            } catch (DevRigException e) {
                problems.add("secret '" + name + "' could not be read (" + e.code() + ")");
                continue;
            }
            if (secret.isEmpty()) {
                problems.add("secret '" + name + "' is not in the vault");
                continue;
            }
            try (SecretValue value = secret.get()) {
                char[] chars = value.chars();
                try {
                    keys.add(config.signature() == Scheme.STANDARD ? Signatures.standardKey(chars) : Signatures.textKey(chars));
                } catch (IllegalArgumentException e) {
                    problems.add("secret '" + name + "' is not a Standard Webhooks secret (whsec_ followed by base64)");
                } finally {
                    Arrays.fill(chars, '\0');
                }
            }
        }
        if (keys.isEmpty()) {
            throw new Unavailable("webhook /hooks/" + path + ": no usable secret: " + String.join("; ", problems));
        }
        return keys;
    }

    /** Tells the manager (errorCount, lastError) at most once a minute per distinct message. */
    private void report(String message) {
        synchronized (reportLock) {
            long now = nanoTime.getAsLong();
            if (message.equals(lastReport) && now - lastReportAt < REPORT_EVERY_NANOS) {
                return;
            }
            lastReport = message;
            lastReportAt = now;
        }
        LOG.info("{}", message);
        try {
            context.reportError(message);
        } catch (RuntimeException e) {
            LOG.debug("webhook /hooks/{}: the manager did not take the error report: {}", path, e.toString());
        }
    }
}
