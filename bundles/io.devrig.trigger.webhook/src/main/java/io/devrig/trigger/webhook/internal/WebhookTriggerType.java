package io.devrig.trigger.webhook.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.secrets.SecretVault;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.api.trigger.TriggerType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code webhook} trigger type: one {@link LiveHook} per published workflow version,
 * listening at {@code /hooks/<path>} from {@code start()} to {@code stop()}.
 */
@Component(service = TriggerType.class, property = TriggerType.TYPE_PROPERTY + "=" + WebhookTriggerType.TYPE)
public final class WebhookTriggerType implements TriggerType {

    static final String TYPE = "webhook";
    /**
     * A delivery id is remembered 10 minutes: a signed timestamp is accepted from 5 minutes
     * before to 5 minutes after it, so a replay can arrive up to 10 minutes after the first
     * delivery (README, "Deduplication").
     */
    static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(10);

    private final HookRegistry registry;
    private final SecretVault vault;
    private final Clock clock;
    private final LongSupplier nanoTime;

    @Activate
    public WebhookTriggerType(@Reference HookRegistry registry, @Reference SecretVault vault) {
        this(registry, vault, Clock.systemUTC(), System::nanoTime);
    }

    WebhookTriggerType(HookRegistry registry, SecretVault vault, Clock clock, LongSupplier nanoTime) {
        this.registry = registry;
        this.vault = vault;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    @Override
    public List<String> validate(Map<String, Object> config) {
        return WebhookConfig.read(config).problems();
    }

    @Override
    public Duration defaultDeduplicationWindow() {
        return DEDUPLICATION_WINDOW;
    }

    @Override
    public TriggerHandler createHandler(TriggerContext context) {
        WebhookConfig.Read read = WebhookConfig.read(context.config());
        if (read.config() == null) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "invalid webhook trigger: " + String.join("; ", read.problems()));
        }
        String path = read.config().path() != null ? read.config().path()
                : WebhookConfig.generatedPath(context.workflowId());
        // early, so the trigger shows the conflict before start (start checks again, atomically)
        String conflict = registry.conflict(path, context.workflowId(), context.workflowVersion());
        if (conflict != null) {
            throw new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.PERMANENT, conflict);
        }
        return new LiveHook(path, read.config(), context, registry, vault, clock, nanoTime);
    }
}
