package io.devrig.api.inbox;

/**
 * A full-text search result.
 *
 * @param rank FTS5 bm25 rank: lower is better
 * @param snippet a short extract with the matched terms between {@code [} and {@code ]}
 * @param ranking how the hits of this search were ranked (the same for every hit of one search)
 * @since 1.1 ({@code ranking})
 */
public record SearchHit(InboxItem item, double rank, String snippet, Ranking ranking) {

    /** A hit of a search that ranked every match. */
    public SearchHit(InboxItem item, double rank, String snippet) {
        this(item, rank, snippet, Ranking.FULL);
    }

    public SearchHit {
        ranking = ranking == null ? Ranking.FULL : ranking;
    }

    /**
     * How a search was ranked. A query with more matches than the inbox ranks (a very common
     * word) is ranked among its newest matches only: {@code bounded} is true and
     * {@code rankedAmong} tells how many newest matches were ranked; older matches are not
     * in the results. Otherwise every match was ranked ({@code bounded} false,
     * {@code rankedAmong} the number of matches, or 0 where not known).
     *
     * @param bounded true when only the newest {@code rankedAmong} matches were ranked
     * @param rankedAmong how many matches were ranked
     */
    public record Ranking(boolean bounded, int rankedAmong) {

        /** Every match ranked (count not known). */
        public static final Ranking FULL = new Ranking(false, 0);

        /** For display, e.g. "ranked among the newest 10,000 matches". */
        public String describe() {
            return bounded ? String.format("ranked among the newest %,d matches only", rankedAmong)
                    : "ranked among all matches";
        }
    }
}
