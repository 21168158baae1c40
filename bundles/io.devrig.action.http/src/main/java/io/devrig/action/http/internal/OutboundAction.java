package io.devrig.action.http.internal;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.http.OutboundHttp;
import io.devrig.api.secrets.SecretVault;
import io.devrig.common.action.DeclaredActions;
import java.util.Objects;

/** What both HTTP actions hold: the outbound client, the vault, and their declared descriptor. */
abstract class OutboundAction implements ActionExecutor {

    final OutboundHttp http;
    final SecretVault vault;
    private final ActionDescriptor descriptor;

    /** Reads {@code type}'s declaration in OSGI-INF/devrig/actions.json: name, description, schemas are data. */
    OutboundAction(OutboundHttp http, SecretVault vault, String type) {
        this.http = Objects.requireNonNull(http, "http");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.descriptor = DeclaredActions.builtIn(OutboundAction.class, type);
    }

    @Override
    public final ActionDescriptor descriptor() {
        return descriptor;
    }
}
