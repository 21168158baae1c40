package io.devrig.api.secrets;

import java.time.Instant;

/**
 * What a listing shows about a secret: never its value.
 *
 * @param name the secret's name
 * @param category its category
 * @param masked a masked summary such as {@code ******** (40 characters)}
 * @param createdAt when it was first stored
 * @param updatedAt when its value last changed
 */
public record SecretInfo(String name, String category, String masked, Instant createdAt, Instant updatedAt) {
}
