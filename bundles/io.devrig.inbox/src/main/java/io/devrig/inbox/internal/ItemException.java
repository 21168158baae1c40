package io.devrig.inbox.internal;

/** Why one item (or item update) was refused; the message names the field and never echoes a value. */
final class ItemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ItemException(String message) {
        super(message, null, false, false); // expected in batches: no stack trace to fill
    }
}
