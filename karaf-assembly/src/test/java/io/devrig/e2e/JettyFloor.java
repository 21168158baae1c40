package io.devrig.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.store.internal.PlainWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;

/**
 * The webhook benchmarks' floors, run in their own JVM: a bare Jetty 9.4 handler that does the
 * least a durable, signed webhook receiver must do and nothing else. It reads the body, checks
 * GitHub's {@code X-Hub-Signature-256} in constant time, parses the JSON, and hands the request
 * to one writer thread that commits up to 500 waiting requests in one transaction (group commit)
 * into a SQLite file on the store's writer connection ({@link PlainWriter}: DevRig's pragmas and
 * WAL checkpoints beside the writer); the 202 is sent after the commit.
 *
 * <p>Ingest (the default): one row per request in a table of its own. End to end ({@code e2e}):
 * {@link EndToEndFloor}, the same rows as DevRig's run of the benchmark's workflow, in DevRig's
 * schema.
 *
 * <p>{@code java io.devrig.e2e.JettyFloor <port> <database file> <secret file> [e2e]}
 */
public final class JettyFloor {

    static final int GROUP = 500;
    static final ObjectMapper JSON = new ObjectMapper();

    /** A verified request waiting for its commit; {@code answer} is the 202's JSON once committed. */
    record Pending(String deliveryId, String body, String eventId, java.time.Instant receivedAt,
            CompletableFuture<String> committed) {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path database = Path.of(args[1]);
        byte[] key = Files.readString(Path.of(args[2])).strip().getBytes(StandardCharsets.UTF_8);
        boolean endToEnd = args.length > 3 && "e2e".equals(args[3]);
        BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(10_000);
        Thread writer;
        if (endToEnd) {
            EndToEndFloor floor = EndToEndFloor.open(database);
            writer = new Thread(() -> floor.write(queue), "floor-writer");
        } else {
            PlainWriter db = open(database);
            writer = new Thread(() -> write(db, queue), "floor-writer");
        }
        writer.setDaemon(true);
        writer.start();

        Server server = new Server(new org.eclipse.jetty.util.thread.QueuedThreadPool(200, 8));
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                base.setHandled(true);
                byte[] body = request.getInputStream().readNBytes(1 << 20);
                String signature = request.getHeader("X-Hub-Signature-256");
                String delivery = request.getHeader("X-GitHub-Delivery");
                if (signature == null || !signature.startsWith("sha256=") || delivery == null
                        || !MessageDigest.isEqual(hmac(key, body), hex(signature.substring(7)))) {
                    response.setStatus(401);
                    return;
                }
                String text = new String(body, StandardCharsets.UTF_8);
                try {
                    JSON.readTree(text);
                } catch (IOException notJson) {
                    response.setStatus(400);
                    return;
                }
                Pending p = new Pending(delivery, text, UUID.randomUUID().toString(), java.time.Instant.now(),
                        new CompletableFuture<>());
                String answer;
                try {
                    queue.put(p);
                    answer = p.committed().get(30, TimeUnit.SECONDS);
                } catch (Exception notCommitted) {
                    response.setStatus(503);
                    return;
                }
                response.setStatus(202);
                response.setContentType("application/json");
                response.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        System.out.println("floor listening on 127.0.0.1:" + port);
        server.join();
    }

    /** The store's writer connection, pragmas and background checkpoints, without the store. */
    private static PlainWriter open(Path database) throws Exception {
        PlainWriter writer = PlainWriter.open(database);
        try (Statement s = writer.connection().createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, delivery_id TEXT NOT NULL UNIQUE,"
                    + " payload TEXT NOT NULL, received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))");
        }
        writer.commit();
        return writer;
    }

    /** The one writer: everything waiting goes into one transaction; callers learn after the commit. */
    private static void write(PlainWriter db, BlockingQueue<Pending> queue) {
        List<Pending> group = new ArrayList<>(GROUP);
        while (true) {
            try {
                group.add(queue.take());
                queue.drainTo(group, GROUP - 1);
                try (PreparedStatement insert = db.connection().prepareStatement(
                        "INSERT INTO events (id, delivery_id, payload) VALUES (?, ?, ?)")) {
                    for (Pending p : group) {
                        insert.setString(1, p.eventId());
                        insert.setString(2, p.deliveryId());
                        insert.setString(3, p.body());
                        insert.executeUpdate();
                    }
                    db.commit();
                    group.forEach(p -> p.committed().complete("{\"eventId\":\"" + p.eventId() + "\"}"));
                } catch (Exception e) {
                    try {
                        db.connection().rollback();
                    } catch (Exception ignored) {
                        // the callers get the failure either way
                    }
                    group.forEach(p -> p.committed().completeExceptionally(e));
                }
                group.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static byte[] hmac(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hex(String text) {
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException notHex) {
            return new byte[0];
        }
    }
}
