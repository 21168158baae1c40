/** The {@code itest.tick} trigger type's DS component (in-framework tests only). Not exported. */
package io.devrig.itest.trigger.tick.internal;
