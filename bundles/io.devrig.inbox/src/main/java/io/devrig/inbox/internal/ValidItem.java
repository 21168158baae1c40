package io.devrig.inbox.internal;

/**
 * An item that passed {@link ItemValidator}: values as they are stored.
 *
 * @param priority the priority's JSON name
 * @param metadata canonical JSON text (sorted keys)
 * @param externalCreatedAt normalized to the stored timestamp format, or null
 * @param hash {@link ItemValidator#hash} of the content
 */
record ValidItem(String externalId, String type, String title, String body, String preview, String sourceUrl,
        String priority, boolean actionable, String metadata, String externalCreatedAt, String hash) {
}
