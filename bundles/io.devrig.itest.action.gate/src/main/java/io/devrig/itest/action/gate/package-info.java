/** A test-only flow action, {@code itest.gate}. Not exported. */
package io.devrig.itest.action.gate;
