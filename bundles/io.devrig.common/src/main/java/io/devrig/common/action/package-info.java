/**
 * Action metadata as data: what an action is (name, description, category, schemas, side
 * effects, config version) is written once, as an entry of {@code capabilities.actions} in a
 * plugin's {@code plugin.json} or of {@code actions} in a built-in bundle's
 * {@code OSGI-INF/devrig/actions.json}, in the same format, and turned into the
 * {@link io.devrig.api.action.ActionDescriptor} the action registry lists.
 */
@Version("1.1.0")
package io.devrig.common.action;

import org.osgi.annotation.versioning.Version;
