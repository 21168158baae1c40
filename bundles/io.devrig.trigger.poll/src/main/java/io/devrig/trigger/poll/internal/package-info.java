/**
 * The {@code polling} trigger type: {@link io.devrig.trigger.poll.internal.PollTriggerType} (the
 * DS component, its Camel context and one timer route per trigger),
 * {@link io.devrig.trigger.poll.internal.PollConfig} (the fields),
 * {@link io.devrig.trigger.poll.internal.PollHandler} (one trigger: the poll through the action
 * registry, fires, state, backoff) and {@link io.devrig.trigger.poll.internal.Changes} (the hash,
 * field and timestamp strategies). Not exported.
 */
package io.devrig.trigger.poll.internal;
