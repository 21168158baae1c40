package io.devrig.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built DevRig distribution, unpacked into a temporary folder and driven as a
 * user would: bin/karaf to start, bin/stop to stop, bin/client for the shell,
 * HTTP for the web console and health. Ports are moved to free ones so the test
 * never collides with a DevRig a developer is running.
 */
final class Distribution {

    final Path home;
    final int httpPort;
    final int sshPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private Distribution(Path home, int httpPort, int sshPort) {
        this.home = home;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
    }

    /** Unpacks the tar.gz the build made (tar keeps the scripts executable). */
    static Distribution unpack(Path archive, Path into) throws Exception {
        run(into, List.of("tar", "-xzf", archive.toString(), "-C", into.toString()));
        Path home;
        try (var list = Files.list(into)) {
            home = list.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        int http = freePort();
        int ssh = freePort();
        int rmiRegistry = freePort();
        int rmiServer = freePort();
        replace(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = 8181",
                "org.osgi.service.http.port = " + http);
        replace(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + ssh);
        replace(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099",
                "rmiRegistryPort = " + rmiRegistry);
        replace(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort = 44444",
                "rmiServerPort = " + rmiServer);
        return new Distribution(home, http, ssh);
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " does not contain '" + from + "'");
        }
        Files.writeString(file, text.replace(from, to));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    void start() throws IOException {
        start(Map.of());
    }

    /** Starts bin/karaf with these environment variables added (e.g. JAVA_MAX_MEM). */
    void start(Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.out").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // the launcher's defaults are under test: none inherited from the machine running the build
        for (String inherited : List.of("JAVA_MIN_MEM", "JAVA_MAX_MEM", "EXTRA_JAVA_OPTS", "JAVA_OPTS")) {
            builder.environment().remove(inherited);
        }
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Waits until /health/ready answers 200; returns the seconds it took. */
    double awaitReady(Duration limit) throws Exception {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("DevRig exited with " + process.exitValue() + " before it was ready; see "
                        + home.resolve("console.out"));
            }
            try {
                HttpResponse<String> response = get("/health/ready", null);
                if (response.statusCode() == 200) {
                    return (System.nanoTime() - start) / 1e9;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("DevRig not ready within " + limit + "; last answer: " + last + "; its threads: "
                + dumpThreads("not-ready"));
    }

    /**
     * Writes the Karaf JVM's threads ({@code jcmd <pid> Thread.print}) to
     * {@code target/e2e-logs/<name>-<pid>-threads.txt}; returns that path, or why there is none.
     */
    String dumpThreads(String name) {
        try {
            ProcessHandle jvm = javaProcess();
            Path logs = Files.createDirectories(Path.of("target", "e2e-logs"));
            Path out = logs.resolve(name + "-" + jvm.pid() + "-threads.txt");
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(jvm.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? out.toAbsolutePath().toString() : "jcmd did not finish";
        } catch (Exception | AssertionError e) {
            return "no thread dump: " + e;
        }
    }

    HttpResponse<String> get(String path, String basicAuth) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (basicAuth != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a request with a form body (null: no body) and extra headers (name, value, ...);
     * {@code basicAuth} is {@code user:password} or null.
     */
    HttpResponse<String> send(String method, String path, String basicAuth, String form, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (basicAuth != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs shell commands over SSH with bin/client in batch mode; returns exit code and output. */
    CommandResult client(String user, String password, String commands) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(), "-h", "127.0.0.1", "-a",
                String.valueOf(sshPort), "-u", user, "-p", password, "-r", "1", "-b")
                .directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process client = builder.start();
        client.getOutputStream().write((commands + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().close();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("bin/client did not finish");
        }
        return new CommandResult(client.exitValue(), output);
    }

    record CommandResult(int exitCode, String output) {
    }

    /** Runs shell commands as the generated administrator; their output. */
    String admin(String commands) throws Exception {
        return client("admin", initialPassword().orElseThrow(), commands).output();
    }

    /** Runs a shell command as the administrator until its output satisfies {@code done} (90 s at most). */
    String awaitAdmin(String command, java.util.function.Predicate<String> done, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String output = "";
        while (System.nanoTime() < deadline) {
            output = admin(command);
            if (done.test(output)) {
                return output;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what + "; last output:\n" + output);
    }

    /**
     * For @AfterAll: stops DevRig the documented way, makes sure no process is left either
     * way, and keeps its log as {@code target/e2e-logs/<name>-karaf.log} (the distribution
     * lives in a temporary folder that is deleted).
     */
    void stopAndKill(String name) throws Exception {
        try {
            if (process != null && process.isAlive()) { // a test may have stopped it already
                stop(Duration.ofSeconds(90));
            }
        } finally {
            kill();
            Path logs = Path.of("target", "e2e-logs");
            Files.createDirectories(logs);
            Path log = home.resolve("data/log/karaf.log");
            if (Files.exists(log)) {
                Files.copy(log, logs.resolve(name + "-karaf.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The JVM running Karaf (bin/karaf is a shell script that starts it). */
    ProcessHandle javaProcess() {
        return process.toHandle().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no Karaf JVM found under " + process.pid()));
    }

    /** Stops DevRig the documented way (bin/stop) and waits for the JVM to exit. */
    int stop(Duration limit) throws Exception {
        run(home, List.of(home.resolve("bin/stop").toString()), Map.of("JAVA_HOME", System.getProperty("java.home")));
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("DevRig did not stop within " + limit);
        }
        return process.exitValue();
    }

    /** Kills the Karaf JVM with SIGKILL (no shutdown hook runs) and waits until it is gone. */
    void killJvm() throws Exception {
        ProcessHandle jvm = javaProcess();
        jvm.destroyForcibly();
        jvm.onExit().get(30, TimeUnit.SECONDS);
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Last resort for a test that failed half-way: no process is left behind. */
    void kill() {
        if (process != null) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Resident memory of the Karaf JVM in MiB, from /proc. */
    long residentMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(javaProcess().pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** Local addresses of the TCP sockets the Karaf JVM listens on, e.g. "127.0.0.1:8181". */
    List<String> listeningAddresses() throws IOException {
        long pid = javaProcess().pid();
        List<String> inodes = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Matcher m = Pattern.compile("socket:\\[(\\d+)]").matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(m.group(1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listing
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) { // 0A = LISTEN
                    listening.add(decode(f[1]));
                }
            }
        }
        return listening;
    }

    /** /proc/net/tcp addresses are hex, in host (little-endian) order per 32-bit word. */
    static String decode(String hexAddressAndPort) {
        String[] parts = hexAddressAndPort.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String hex = parts[0];
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < hex.length() / 8; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            String address = java.net.InetAddress.getByAddress(bytes).getHostAddress();
            return address + ":" + port;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a freshly unpacked distribution, waits for readiness and returns the
     * administrator's password its first start created.
     */
    String startFirstTime() throws Exception {
        return startFirstTime(Map.of());
    }

    /** {@link #startFirstTime()} with these environment variables added (see {@link #start(Map)}). */
    String startFirstTime(Map<String, String> environment) throws Exception {
        start(environment);
        awaitReady(Duration.ofSeconds(180));
        return initialPassword().orElseThrow(() -> new AssertionError("the first start created no admin password"));
    }

    /**
     * Stores a vault secret the way an admin would without typing it: {@code devrig:secret-set
     * --file} from a file only the owner can read, deleted right after. Returns the output.
     */
    String setSecret(String name, String value, Path tempDir) throws Exception {
        Path file = secretFile(tempDir, value);
        try {
            return admin("devrig:secret-set --file " + file + " " + name);
        } finally {
            Files.delete(file);
        }
    }

    /** A new file (mode 0600) in {@code dir} holding {@code value}; the caller deletes it. */
    static Path secretFile(Path dir, String value) throws IOException {
        Path file = Files.createTempFile(dir, "secret", ".txt", java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, value);
        return file;
    }

    Optional<String> initialPassword() throws IOException {
        Path file = home.resolve("data/devrig/initial-admin-password");
        return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    }

    String log() throws IOException {
        return Files.readString(home.resolve("data/log/karaf.log"));
    }

    /** Runs a command (argument array, no shell) in {@code dir}; fails with its output when it fails. */
    static void exec(Path dir, String... command) throws Exception {
        run(dir, List.of(command), Map.of());
    }

    private static void run(Path dir, List<String> command) throws Exception {
        run(dir, command, Map.of());
    }

    private static void run(Path dir, List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new UncheckedIOException(new IOException(command + " failed: " + output));
        }
    }
}
