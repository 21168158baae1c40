package io.devrig.plugin.github.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate limits GitHub announced, per API URL and token, shared by every client of the
 * bundle: both data sources and the three actions each build their own {@link GitHubClient},
 * and a limit one of them met must hold the others back too (GitHub counts per token, and may
 * ban a token that keeps calling while limited). The token is kept only as a SHA-256 digest.
 * The state lives in memory: a restart forgets it, and the first call after it meets GitHub's
 * 403/429 again and is remembered anew.
 */
final class RateLimits {

    /** What the bundle's components share; tests make their own. */
    static final RateLimits SHARED = new RateLimits();

    /**
     * The longest a rate limit holds calls back. GitHub's primary window is one hour, so a
     * reset further away (a broken header, a clock far off) is not believed beyond it: the
     * client asks again after an hour and, if still limited, is told a fresh reset.
     */
    static final long MAX_WAIT_MS = 3_600_000;

    /** Until when calls are held back, and why (for the message). */
    record Block(long untilMs, String reason) {
    }

    private final Map<String, Block> blocks = new ConcurrentHashMap<>();

    /** The block in force at {@code nowMs} for {@code key}, or null; expired ones are dropped. */
    Block current(String key, long nowMs) {
        Block b = blocks.get(key);
        if (b != null && b.untilMs() <= nowMs) {
            blocks.remove(key, b);
            return null;
        }
        return b;
    }

    /**
     * Holds calls for {@code key} back until {@code untilMs}, at most {@link #MAX_WAIT_MS} after
     * {@code nowMs}; a later block already in force is kept.
     */
    void block(String key, long nowMs, long untilMs, String reason) {
        long until = Math.min(untilMs, nowMs + MAX_WAIT_MS);
        if (until <= nowMs) {
            return;
        }
        blocks.merge(key, new Block(until, reason), (old, b) -> old.untilMs() >= b.untilMs() ? old : b);
    }

    /** The key of a token at an API URL: a digest, so the token itself is never kept here. */
    static String key(ApiBase base, String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((base + "\n" + token).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
