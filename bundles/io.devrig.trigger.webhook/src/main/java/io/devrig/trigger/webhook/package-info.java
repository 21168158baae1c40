/**
 * What the webhook trigger bundle tells admin faces: {@link io.devrig.trigger.webhook.Hooks},
 * the live webhooks with their URLs and how each is signed (secret names, never values).
 */
@Version("0.1.0")
package io.devrig.trigger.webhook;

import org.osgi.annotation.versioning.Version;
