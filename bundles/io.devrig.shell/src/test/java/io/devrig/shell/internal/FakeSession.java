package io.devrig.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.console.History;
import org.apache.karaf.shell.api.console.Registry;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.api.console.Signal;
import org.apache.karaf.shell.api.console.SignalListener;
import org.apache.karaf.shell.api.console.Terminal;

/**
 * A shell session for tests: a console captured in memory, scripted answers to
 * {@link #readLine}, and either a terminal (console session) or none (headless).
 */
final class FakeSession implements Session {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream consoleStream = new PrintStream(console, true, StandardCharsets.UTF_8);
    private final Map<String, Object> variables = new HashMap<>();
    private final boolean headless;
    private String answer;
    private Path currentDir = Path.of(".");
    private RuntimeException readFailure;
    final List<String> prompts = new ArrayList<>();
    final List<Character> masks = new ArrayList<>();

    private FakeSession(boolean headless) {
        this.headless = headless;
    }

    /** A console session whose prompt is answered with {@code typed}. */
    static FakeSession console(String typed) {
        FakeSession s = new FakeSession(false);
        s.answer = typed;
        return s;
    }

    /** A console session whose prompt fails (Ctrl-C, Ctrl-D). */
    static FakeSession interrupted(RuntimeException e) {
        FakeSession s = new FakeSession(false);
        s.readFailure = e;
        return s;
    }

    /** A session like ssh exec's: no terminal, and readLine unsupported. */
    static FakeSession headless() {
        return new FakeSession(true);
    }

    String consoleText() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String readLine(String prompt, Character mask) throws IOException {
        if (headless) {
            throw new UnsupportedOperationException();
        }
        prompts.add(prompt);
        masks.add(mask);
        if (readFailure != null) {
            throw readFailure;
        }
        return answer;
    }

    @Override
    public Terminal getTerminal() {
        return headless ? null : new Terminal() {
            @Override public String getType() { return "ansi"; }
            @Override public int getWidth() { return 120; }
            @Override public int getHeight() { return 40; }
            @Override public boolean isAnsiSupported() { return false; }
            @Override public boolean isEchoEnabled() { return true; }
            @Override public void setEchoEnabled(boolean enabled) { }
            @Override public void addSignalListener(SignalListener listener, Signal... signals) { }
            @Override public void addSignalListener(SignalListener listener, EnumSet<Signal> signals) { }
            @Override public void addSignalListener(SignalListener listener) { }
            @Override public void removeSignalListener(SignalListener listener) { }
        };
    }

    @Override
    public PrintStream getConsole() {
        return consoleStream;
    }

    @Override
    public Object get(String name) {
        return variables.get(name);
    }

    @Override
    public void put(String name, Object value) {
        variables.put(name, value);
    }

    @Override
    public Object execute(CharSequence commandline) {
        throw new UnsupportedOperationException();
    }

    @Override
    public InputStream getKeyboard() {
        throw new UnsupportedOperationException();
    }

    @Override
    public History getHistory() {
        return null;
    }

    @Override
    public Registry getRegistry() {
        return null;
    }

    @Override
    public SessionFactory getFactory() {
        return null;
    }

    @Override
    public String resolveCommand(String name) {
        return name;
    }

    @Override
    public Path currentDir() {
        return currentDir;
    }

    @Override
    public void currentDir(Path path) {
        currentDir = path;
    }

    @Override
    public void run() {
    }

    @Override
    public void close() {
    }
}
