package io.devrig.api.error;

/**
 * Error codes used across DevRig. Bundles may define their own codes (upper
 * snake case, prefixed with their area); these are the shared ones.
 */
public final class ErrorCodes {

    private ErrorCodes() {
    }

    /** A bug: something that should not happen did. */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    /** The caller's input is invalid; the message says what and where. */
    public static final String INVALID_INPUT = "INVALID_INPUT";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String CONFLICT = "CONFLICT";
    public static final String PERMISSION_DENIED = "PERMISSION_DENIED";
    public static final String TIMEOUT = "TIMEOUT";
    public static final String CANCELLED = "CANCELLED";
    public static final String RATE_LIMITED = "RATE_LIMITED";

    /** The database is locked by another writer beyond the busy timeout. */
    public static final String DB_BUSY = "DB_BUSY";
    /** Any other database failure (constraint, I/O, SQL error). */
    public static final String DB_ERROR = "DB_ERROR";
    /** The database is not open (failed to open, or closed). */
    public static final String DB_UNAVAILABLE = "DB_UNAVAILABLE";
    /** The database file was written by a newer DevRig; it is left untouched. */
    public static final String DB_SCHEMA_TOO_NEW = "DB_SCHEMA_TOO_NEW";
    /** A schema migration failed and was rolled back. */
    public static final String DB_MIGRATION_FAILED = "DB_MIGRATION_FAILED";

    public static final String PLUGIN_ERROR = "PLUGIN_ERROR";
    public static final String PLUGIN_TIMEOUT = "PLUGIN_TIMEOUT";
    public static final String PLUGIN_CIRCUIT_OPEN = "PLUGIN_CIRCUIT_OPEN";
    /** Every thread of the plugin is taken by calls that have not ended. */
    public static final String PLUGIN_BUSY = "PLUGIN_BUSY";
    /** A plugin's key/value storage would exceed its quota. */
    public static final String PLUGIN_STORAGE_QUOTA = "PLUGIN_STORAGE_QUOTA";
    /** A plugin's bundle could not be fetched or installed. */
    public static final String PLUGIN_INSTALL_FAILED = "PLUGIN_INSTALL_FAILED";

    /** A stored secret failed authentication: tampered, moved to another name, or under another key. */
    public static final String SECRET_UNREADABLE = "SECRET_UNREADABLE";
    /** The vault has no usable key (missing, malformed, or not the key the database was encrypted with). */
    public static final String SECRET_KEY_UNAVAILABLE = "SECRET_KEY_UNAVAILABLE";

    /** The outbound HTTP policy refused the destination. */
    public static final String HTTP_DESTINATION_REFUSED = "HTTP_DESTINATION_REFUSED";
    public static final String HTTP_TIMEOUT = "HTTP_TIMEOUT";
    public static final String HTTP_TOO_MANY_REDIRECTS = "HTTP_TOO_MANY_REDIRECTS";
    public static final String HTTP_RESPONSE_TOO_LARGE = "HTTP_RESPONSE_TOO_LARGE";
    /** A transport failure (connection refused, reset, TLS). */
    public static final String HTTP_ERROR = "HTTP_ERROR";
}
