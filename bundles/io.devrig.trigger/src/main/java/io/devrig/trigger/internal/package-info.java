/** The trigger manager: trigger rows, handler lifecycles, fires recorded and deduplicated in groups. */
package io.devrig.trigger.internal;
