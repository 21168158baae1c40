/**
 * The webhook trigger type: {@link io.devrig.trigger.webhook.internal.WebhookTriggerType}
 * creates a {@link io.devrig.trigger.webhook.internal.LiveHook} per published workflow
 * version, which registers its path in the
 * {@link io.devrig.trigger.webhook.internal.HookRegistry} while started;
 * {@link io.devrig.trigger.webhook.internal.WebhookServlet} serves {@code /hooks/*} and hands
 * each request to the hook at its path. Not exported.
 */
package io.devrig.trigger.webhook.internal;
