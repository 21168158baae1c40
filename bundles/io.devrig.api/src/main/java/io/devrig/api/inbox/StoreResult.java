package io.devrig.api.inbox;

import java.util.List;

/**
 * What a batch store did. An item whose content did not change counts as neither created
 * nor updated (and its {@code updated_at} is not touched).
 *
 * @param failures the items that were refused, the others were stored
 */
public record StoreResult(int created, int updated, int unchanged, List<ItemFailure> failures) {

    public StoreResult {
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /**
     * One refused item.
     *
     * @param index its position in the batch
     * @param externalId its externalId as given (may be null)
     * @param message why, naming the field (e.g. {@code preview: at most 280 characters, got 301})
     */
    public record ItemFailure(int index, String externalId, String message) {
    }
}
