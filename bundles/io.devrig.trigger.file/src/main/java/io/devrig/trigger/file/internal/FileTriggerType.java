package io.devrig.trigger.file.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.api.trigger.TriggerType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code filesystem} trigger type (seed §6.2.3). Paths are glob patterns that must lie in
 * the roots an admin allows (PID {@code io.devrig.trigger.file}, {@code roots}; the user's
 * home by default), never in DevRig's own data or etc folders; that is checked when a
 * version is published, and again when its handler starts.
 */
@Component(service = TriggerType.class, configurationPid = "io.devrig.trigger.file",
        property = TriggerType.TYPE_PROPERTY + "=" + FileTriggerType.TYPE)
@Designate(ocd = FileTriggerConfig.class)
public final class FileTriggerType implements TriggerType {

    static final String TYPE = "filesystem";

    private final List<Path> allowed;
    private final List<Path> forbidden;
    private final ScheduledExecutorService debouncer;

    @Activate
    public FileTriggerType(FileTriggerConfig config, BundleContext bundle) {
        this(roots(config.roots()), roots(new String[] {bundle.getProperty("karaf.data"), bundle.getProperty("karaf.etc")}));
    }

    FileTriggerType(List<Path> allowed, List<Path> forbidden) {
        this.allowed = allowed;
        this.forbidden = forbidden;
        this.debouncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "devrig-trigger-file-debounce");
            t.setDaemon(true);
            return t;
        });
    }

    /** Absolute real paths of the configured folders ({@code ${user.home}} replaced); missing ones are dropped. */
    static List<Path> roots(String[] configured) {
        List<Path> out = new ArrayList<>();
        for (String r : configured == null ? new String[0] : configured) {
            if (r == null || r.isBlank()) {
                continue;
            }
            Path p = Path.of(r.replace("${user.home}", System.getProperty("user.home"))).toAbsolutePath().normalize();
            try {
                out.add(Files.exists(p) ? p.toRealPath() : p);
            } catch (IOException e) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<String> validate(Map<String, Object> config) {
        List<String> problems = new ArrayList<>();
        WatchSpec.parse(config, allowed, forbidden, problems);
        return problems;
    }

    @Override
    public TriggerHandler createHandler(TriggerContext context) {
        List<String> problems = new ArrayList<>();
        WatchSpec spec = WatchSpec.parse(context.config(), allowed, forbidden, problems);
        if (spec == null) { // the roots changed since it was published
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, String.join("; ", problems));
        }
        return new FileWatcher(context, spec, debouncer);
    }

    @Deactivate
    void deactivate() {
        debouncer.shutdownNow();
    }
}
