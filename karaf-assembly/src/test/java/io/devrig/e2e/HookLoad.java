package io.devrig.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmarks' load generator: {@code connections} threads, each sending GitHub-signed
 * JSON deliveries of about 500 bytes with distinct delivery ids over one HTTP/1.1 client
 * (so at most that many connections), one request at a time (closed loop), or spaced to a
 * total rate (open loop, for latency below saturation).
 */
final class HookLoad {

    /** What a load phase saw; latencies in nanoseconds, sorted. */
    record Result(String target, long sent, long acknowledged, long failed, double seconds, long[] latencies,
            Map<String, Answer> answers) {

        double perSecond() {
            return acknowledged / seconds;
        }

        double percentileMs(double p) {
            return percentile(latencies, p) / 1e6;
        }

        String line() {
            return String.format("%-7s %8d requests/s  p50 %6.1f ms  p99 %6.1f ms  (%d acknowledged, %d failed, %.1f s)",
                    target, Math.round(perSecond()), percentileMs(50), percentileMs(99), acknowledged, failed, seconds);
        }
    }

    /** A 2xx: its body and when the request was sent (epoch milliseconds). */
    record Answer(String body, long sentAtMillis) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final byte[] key;

    HookLoad(URI uri, String secret) {
        this.uri = uri;
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** About 500 bytes of a GitHub push-like delivery. */
    static String body(String delivery) {
        String head = "{\"ref\":\"refs/heads/main\",\"delivery\":\"" + delivery
                + "\",\"repository\":{\"full_name\":\"devrig/bench\",\"private\":false},"
                + "\"pusher\":{\"name\":\"ada\",\"email\":\"ada@example.com\"},\"commits\":[{\"id\":\"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c\","
                + "\"message\":\"Benchmark delivery\",\"author\":{\"name\":\"ada\"}}],\"pad\":\"";
        return head + "x".repeat(Math.max(0, 495 - head.length())) + "\"}";
    }

    /**
     * Sends for {@code duration} from {@code connections} threads; {@code perSecond} > 0 spaces
     * the requests to that total rate, 0 sends the next as soon as the answer is in.
     */
    Result run(String target, String idPrefix, int connections, Duration duration, double perSecond) throws Exception {
        Map<String, Answer> answers = new ConcurrentHashMap<>();
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int c = 0; c < connections; c++) {
            int client = c;
            long[][] mine = {new long[4096]};
            int[] n = {0};
            Thread t = new Thread(() -> {
                long intervalNanos = perSecond > 0 ? (long) (1e9 * connections / perSecond) : 0;
                long next = start + (intervalNanos * client) / connections;
                for (int i = 0; ; i++) {
                    if (intervalNanos > 0) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            sleepNanos(wait);
                        }
                        next += intervalNanos;
                    }
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    String delivery = idPrefix + "-" + client + "-" + i;
                    String body = body(delivery);
                    long sentAt = System.currentTimeMillis();
                    sent.incrementAndGet();
                    try {
                        HttpResponse<String> r = http.send(request(delivery, body), HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - t0;
                        if (r.statusCode() / 100 == 2) {
                            answers.put(delivery, new Answer(r.body(), sentAt));
                            if (n[0] == mine[0].length) {
                                mine[0] = Arrays.copyOf(mine[0], n[0] * 2);
                            }
                            mine[0][n[0]++] = took;
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                synchronized (perThread) {
                    perThread.add(Arrays.copyOf(mine[0], n[0]));
                }
            }, "load-" + target + "-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(target, sent.get(), answers.size(), failed.get(), seconds, all, answers);
    }

    private HttpRequest request(String delivery, String body) {
        String signature = HexFormat.of().formatHex(JettyFloor.hmac(key, body.getBytes(StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int at = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, at))];
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
