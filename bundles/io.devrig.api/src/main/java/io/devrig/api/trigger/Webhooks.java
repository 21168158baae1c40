package io.devrig.api.trigger;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The live webhooks, for the shell ({@code devrig:hooks}) and other admin faces. Published by
 * the webhook trigger type ({@code io.devrig.trigger.webhook}); never carries a secret value, only names.
 */
@ProviderType
public interface Webhooks {

    /** Every webhook whose handler is started now, sorted by path. */
    List<Hook> hooks();

    /**
     * One live webhook.
     *
     * @param path the path under {@code /hooks/} ({@code github/push})
     * @param url the full URL on the Karaf HTTP port ({@code http://127.0.0.1:8181/hooks/github/push})
     * @param methods the HTTP methods it accepts
     * @param signature {@code standard}, {@code github}, {@code hmac} or {@code none}
     * @param secretNames the vault names of the secrets that verify it (several during a rotation)
     */
    record Hook(String path, String url, List<String> methods, String signature, List<String> secretNames,
            String triggerId, String workflowId, int workflowVersion) {

        public Hook {
            methods = List.copyOf(methods);
            secretNames = List.copyOf(secretNames);
        }
    }
}
