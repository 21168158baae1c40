/**
 * Logic-light text templates (seed architecture §8.4, §12.5): {@code {{path}}},
 * {@code {{#if}}…{{else}}…{{/if}}} with the helpers {@code eq neq gt lt and or not},
 * and {@code {{#each}}} with {@code this} and {@code @index}. A template is compiled once
 * (when a workflow or prompt is saved) into an immutable
 * {@link io.devrig.api.template.CompiledTemplate} that any number of threads render.
 *
 * <p>Templates only look data up: every name in a template is a key of the JSON data it is
 * rendered with. There are no method calls, no object or class access and no way to reach
 * anything outside the data, so a template written by a user, or a value that itself looks
 * like a template, cannot run code.
 */
@Version("1.0.0")
package io.devrig.api.template;

import org.osgi.annotation.versioning.Version;
