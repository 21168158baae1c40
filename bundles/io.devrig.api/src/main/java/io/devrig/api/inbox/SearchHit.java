package io.devrig.api.inbox;

/**
 * A full-text search result.
 *
 * @param rank FTS5 bm25 rank: lower is better
 * @param snippet a short extract with the matched terms between {@code [} and {@code ]}
 */
public record SearchHit(InboxItem item, double rank, String snippet) {
}
