package io.devrig.api.queue;

/**
 * What {@link JobQueue#rescueExpired()} did with jobs whose lease had expired.
 *
 * @param requeued jobs put back to PENDING (they had attempts left)
 * @param dead jobs moved to the dead letter (that was their last attempt)
 */
public record RescueResult(int requeued, int dead) {

    public static final RescueResult NONE = new RescueResult(0, 0);

    public int total() {
        return requeued + dead;
    }
}
