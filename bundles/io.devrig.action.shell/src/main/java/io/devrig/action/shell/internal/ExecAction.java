package io.devrig.action.shell.internal;

import io.devrig.action.file.roots.FileRoots;
import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.common.action.DeclaredActions;
import io.devrig.common.action.InputErrors;
import io.devrig.common.json.JsonPathText;
import io.devrig.common.json.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code shell.exec}: runs an allow-listed executable with an argument array. No shell is
 * ever started, so nothing in an argument is interpreted ({@code ;}, {@code $(...)},
 * {@code *} reach the program as typed). The child gets a clean environment (a fixed PATH,
 * the variables the admin lists, those of the node), a working directory inside the file
 * roots (the rule of io.devrig.action.file), a time limit after which it and its child
 * processes are killed, and capped output. A non-zero exit fails the step unless
 * {@code allowExitCodes} lists it. A dry-run shows the command that would run.
 */
@Component(service = ActionExecutor.class, configurationPid = ShellConfig.PID,
        property = ActionExecutor.TYPE_PROPERTY + "=" + ExecAction.TYPE)
@Designate(ocd = ShellConfig.class)
public final class ExecAction implements ActionExecutor {

    static final String TYPE = "shell.exec";
    static final int MAX_ARGS = 1_000;
    static final int MAX_ARGS_CHARS = 128 * 1024;
    static final int STDERR_TAIL_CHARS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(ExecAction.class);
    private static final ActionDescriptor DESCRIPTOR = DeclaredActions.builtIn(ExecAction.class, TYPE);
    private static final Set<String> FIELDS = Set.of("command", "cwd", "env", "stdin", "timeoutMs", "maxOutputBytes",
            "allowExitCodes");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final FileRoots roots;
    private final UnaryOperator<String> ownEnvironment;
    private volatile Settings settings;

    /** The configuration, checked and resolved once. */
    private record Settings(AllowList allowList, Map<String, String> environment, long defaultTimeoutMs,
            long maxTimeoutMs, int maxOutputBytes, int maxStdinBytes) {
    }

    @Activate
    public ExecAction(@Reference FileRoots roots, ShellConfig config) {
        this(roots, config, System::getenv);
    }

    /** For tests: DevRig's own environment as given. */
    ExecAction(FileRoots roots, ShellConfig config, UnaryOperator<String> ownEnvironment) {
        this.roots = roots;
        this.ownEnvironment = ownEnvironment;
        modified(config);
    }

    @Modified
    void modified(ShellConfig config) {
        AllowList allowList = AllowList.of(config.allowed());
        long max = Math.max(1, config.maxTimeoutMs());
        settings = new Settings(allowList, environment(config.environment()),
                Math.min(max, Math.max(1, config.defaultTimeoutMs())), max, Math.max(1, config.maxOutputBytes()),
                Math.max(0, config.maxStdinBytes()));
        LOG.info("shell.exec allows {}", allowList.entries().isEmpty() ? "nothing (configuration " + ShellConfig.PID
                + ", key allowed, is empty)" : allowList);
    }

    /** The admin's variables: NAME passes DevRig's value on (when set), NAME=value is fixed. */
    private Map<String, String> environment(String[] entries) {
        Map<String, String> env = new TreeMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            for (String one : entry.split(",")) {
                String text = one.trim();
                int eq = text.indexOf('=');
                String name = eq < 0 ? text : text.substring(0, eq);
                if (text.isEmpty()) {
                    continue;
                }
                if (!ENV_NAME.matcher(name).matches() || refusedName(name)) {
                    LOG.warn("shell.exec environment entry '{}' ignored: not a name a child may be given", name);
                    continue;
                }
                String value = eq < 0 ? ownEnvironment.apply(name) : text.substring(eq + 1);
                if (value != null) {
                    env.put(name, value);
                }
            }
        }
        return Map.copyOf(env);
    }

    /** PATH is fixed; the dynamic loader's variables would load code into an allowed program. */
    private static boolean refusedName(String name) {
        return name.equals("PATH") || name.startsWith("LD_") || name.startsWith("DYLD_");
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** One checked call. */
    private record Call(AllowList.Executable executable, List<String> command, Path cwd, Map<String, String> env,
            Set<String> envNames, byte[] stdin, long timeoutMs, int maxOutputBytes, Set<Integer> allowExitCodes) {
    }

    private Call call(Object input, ActionContext context) {
        Settings s = settings;
        Map<String, Object> in = object(input);
        List<String> args = command(in.get("command"));
        AllowList.Executable executable = s.allowList().match(args.get(0));
        List<String> command = new ArrayList<>(args);
        command.set(0, executable.path().toString());

        Object cwdValue = in.get("cwd");
        if (cwdValue != null && !(cwdValue instanceof String)) {
            throw invalid("$.cwd", "must be a string, found " + JsonTrees.type(cwdValue));
        }
        String cwdText = cwdValue != null ? (String) cwdValue
                : roots.roots().isEmpty() ? "/" : roots.roots().get(0).toString();
        Path cwd = roots.confine(cwdText);
        if (!Files.isDirectory(cwd)) {
            throw ShellErrors.of(ShellErrors.CWD_INVALID, ErrorCategory.PERMANENT, "the working directory '" + cwdText
                    + "' is not an existing folder", Map.of());
        }

        Map<String, String> env = new TreeMap<>(s.environment());
        Set<String> names = new LinkedHashSet<>(env.keySet());
        Object envValue = in.get("env");
        if (envValue != null) {
            if (!(envValue instanceof Map<?, ?> map)) {
                throw invalid("$.env", "must be an object of strings, found " + JsonTrees.type(envValue));
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (!ENV_NAME.matcher(name).matches() || refusedName(name)) {
                    throw invalid("$.env", "'" + name + "' may not be set (PATH is fixed; LD_* and DYLD_* are refused;"
                            + " names are letters, digits and '_')");
                }
                if (!(e.getValue() instanceof String value) || value.indexOf('\0') >= 0) {
                    throw invalid(JsonPathText.key("$.env", name), "must be a string without NUL");
                }
                env.put(name, value);
                names.add(name);
            }
        }
        env.put("PATH", AllowList.FIXED_PATH);
        names.add("PATH");

        byte[] stdin = null;
        Object stdinValue = in.get("stdin");
        if (stdinValue != null) {
            if (!(stdinValue instanceof String text)) {
                throw invalid("$.stdin", "must be a string, found " + JsonTrees.type(stdinValue));
            }
            stdin = text.getBytes(StandardCharsets.UTF_8);
            if (stdin.length > s.maxStdinBytes()) {
                throw invalid("$.stdin", stdin.length + " bytes; at most " + s.maxStdinBytes() + " are allowed");
            }
        }

        long timeoutMs = whole(in.get("timeoutMs"), "$.timeoutMs", s.maxTimeoutMs(), s.defaultTimeoutMs());
        Instant deadline = context == null ? null : context.deadline();
        if (deadline != null) {
            // never outlive the node: its own time limit interrupts the call anyway
            timeoutMs = Math.max(1, Math.min(timeoutMs, Duration.between(Instant.now(), deadline).toMillis()));
        }
        int maxOutput = (int) whole(in.get("maxOutputBytes"), "$.maxOutputBytes", s.maxOutputBytes(), s.maxOutputBytes());
        Set<Integer> allowed = new LinkedHashSet<>(List.of(0));
        Object codes = in.get("allowExitCodes");
        if (codes != null) {
            if (!(codes instanceof List<?> list)) {
                throw invalid("$.allowExitCodes", "must be an array of exit codes (0 to 255)");
            }
            for (int i = 0; i < list.size(); i++) {
                allowed.add((int) whole(list.get(i), "$.allowExitCodes[" + i + "]", 255, -1));
            }
        }
        return new Call(executable, List.copyOf(command), cwd, env, names, stdin, timeoutMs, maxOutput, allowed);
    }

    @Override
    public Object execute(Object input, ActionContext context) throws Exception {
        Call call = call(input, context);
        ProcessRunner.Result r;
        try {
            r = ProcessRunner.run(call.command(), call.env(), call.cwd(), call.stdin(), call.timeoutMs(),
                    call.maxOutputBytes(), () -> context != null && context.cancelled());
        } catch (IOException e) {
            throw ShellErrors.of(ShellErrors.START_FAILED, ErrorCategory.TRANSIENT, "'" + call.executable().configured()
                    + "' could not be started: " + e.getClass().getSimpleName(), Map.of());
        }
        String name = "'" + call.executable().configured() + "'";
        if (r.timedOut()) {
            throw new DevRigException(DevRigError.of(ErrorCodes.TIMEOUT, ErrorCategory.TIMEOUT, name
                    + " did not finish within " + call.timeoutMs() + " ms; it and its child processes were killed")
                    .withDetails(Map.of("timeoutMs", call.timeoutMs())));
        }
        if (r.cancelled()) {
            throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED, name
                    + " was stopped: the run was cancelled or ran out of time");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exitCode", r.exitCode());
        out.put("stdout", new String(r.stdout(), StandardCharsets.UTF_8));
        out.put("stderr", new String(r.stderr(), StandardCharsets.UTF_8));
        out.put("durationMs", r.durationMs());
        Map<String, Object> truncated = new LinkedHashMap<>();
        truncated.put("stdout", r.stdoutTruncated());
        truncated.put("stderr", r.stderrTruncated());
        out.put("truncated", truncated);
        if (!call.allowExitCodes().contains(r.exitCode())) {
            String stderr = (String) out.get("stderr");
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("exitCode", r.exitCode());
            details.put("durationMs", r.durationMs());
            details.put("stderrTail", stderr.length() <= STDERR_TAIL_CHARS ? stderr
                    : stderr.substring(stderr.length() - STDERR_TAIL_CHARS));
            throw ShellErrors.of(ShellErrors.EXIT_CODE, ErrorCategory.PERMANENT, name + " exited with code "
                    + r.exitCode() + " (allowed: " + call.allowExitCodes() + ")", details);
        }
        return out;
    }

    @Override
    public Object preview(Object input, ActionContext context) {
        Call call = call(input, context);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("preview", true);
        out.put("actionType", TYPE);
        out.put("command", call.command());
        out.put("cwd", call.cwd().toString());
        // names only: values may be secrets
        out.put("environment", List.copyOf(call.envNames()));
        out.put("stdinBytes", call.stdin() == null ? 0 : call.stdin().length);
        out.put("timeoutMs", call.timeoutMs());
        out.put("allowExitCodes", List.copyOf(call.allowExitCodes()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object input) {
        if (!(input instanceof Map<?, ?> map)) {
            throw invalid("$", "must be an object, found " + JsonTrees.type(input));
        }
        for (Object key : map.keySet()) {
            if (!FIELDS.contains(key)) {
                throw invalid("$", "unknown field '" + key + "' (allowed: " + String.join(", ", new TreeSet<>(FIELDS)) + ")");
            }
        }
        return (Map<String, Object>) map;
    }

    private static List<String> command(Object value) {
        if (value instanceof String) {
            throw invalid("$.command", "must be an array of arguments, not a string: no shell parses it "
                    + "(write [\"git\", \"status\"], not \"git status\")");
        }
        if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > MAX_ARGS) {
            throw invalid("$.command", "must be an array of 1 to " + MAX_ARGS + " strings, the executable first");
        }
        List<String> args = new ArrayList<>(list.size());
        long chars = 0;
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String arg) || arg.indexOf('\0') >= 0 || i == 0 && arg.isBlank()) {
                throw invalid("$.command[" + i + "]", "must be a string without NUL" + (i == 0 ? ", not empty" : ""));
            }
            chars += arg.length();
            args.add(arg);
        }
        if (chars > MAX_ARGS_CHARS) {
            throw invalid("$.command", chars + " characters of arguments; at most " + MAX_ARGS_CHARS);
        }
        return args;
    }

    /** A whole number from 0 (or 1 for limits) to {@code max}; {@code fallback} when absent (negative: required). */
    private static long whole(Object value, String path, long max, long fallback) {
        if (value == null && fallback >= 0) {
            return fallback;
        }
        long min = fallback < 0 ? 0 : 1;
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
                || ((Number) value).longValue() > max) {
            throw invalid(path, "must be a whole number from " + min + " to " + max);
        }
        return ((Number) value).longValue();
    }

    private static DevRigException invalid(String path, String message) {
        return InputErrors.atPath(path, message);
    }
}
