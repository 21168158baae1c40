package io.devrig.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions about DevRig's errors. */
public final class DevRigAssertions {

    private DevRigAssertions() {
    }

    /**
     * Asserts that the call throws a {@link DevRigException} and returns it, for assertions
     * on its code, category, message and details.
     */
    public static DevRigException devrigError(ThrowingCallable call) {
        DevRigException[] caught = new DevRigException[1];
        assertThatThrownBy(() -> {
            try {
                call.call();
            } catch (DevRigException e) {
                caught[0] = e;
                throw e;
            }
        }).isInstanceOf(DevRigException.class);
        return caught[0];
    }
}
