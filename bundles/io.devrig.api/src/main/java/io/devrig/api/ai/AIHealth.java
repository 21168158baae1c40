package io.devrig.api.ai;

/**
 * Whether a provider can be used.
 *
 * @param error why not (never a key), or null when ok
 */
public record AIHealth(boolean ok, String error) {

    public static AIHealth up() {
        return new AIHealth(true, null);
    }
}
