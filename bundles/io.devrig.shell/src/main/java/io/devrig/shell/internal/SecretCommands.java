package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.secrets.SecretInfo;
import io.devrig.api.secrets.SecretVault;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * What the {@code devrig:secret-*} commands do, without the shell: the actions only
 * gather their arguments and streams. Every failure is a {@link CommandException} whose
 * nice help is one {@code Error: ...} line; nothing printed or thrown holds a value.
 */
final class SecretCommands {

    static final String DEFAULT_CATEGORY = "general";

    // UTC and to the second: the same on every machine, and enough to tell edits apart
    private static final DateTimeFormatter UPDATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final SecretVault vault;
    private final PrintStream out;

    SecretCommands(SecretVault vault, PrintStream out) {
        this.vault = vault; // null when the vault is not running
        
        this.out = Objects.requireNonNull(out, "out");
    }

    static final String NOT_RUNNING = "the secret vault is not running";

    private SecretVault vault() throws CommandException {
        if (vault == null) {
            throw ErrorLine.of(NOT_RUNNING);
        }
        return vault;
    }

    /** {@code secret-set}: reads the value from {@code input} and stores it. */
    void set(String name, String category, SecretInput input) throws CommandException {
        SecretVault target = vault(); // before asking for a value nobody could store
        String shownCategory = category == null || category.isBlank() ? DEFAULT_CATEGORY : category.strip();
        char[] raw = input.read("Value for " + name + ": ");
        char[] value = null;
        try {
            value = withoutTrailingNewline(raw);
            if (value.length == 0) {
                throw ErrorLine.of("empty value; secret " + name + " not saved");
            }
            // null lets the vault apply its own default category
            target.put(name, shownCategory.equals(DEFAULT_CATEGORY) ? null : shownCategory, value);
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        } finally {
            wipe(raw);
            wipe(value);
        }
        out.println("Secret " + name + " saved (category " + shownCategory + ").");
    }

    /** {@code secret-list}: names, categories, masked summaries and update times, by name. */
    void list() throws CommandException {
        List<SecretInfo> secrets;
        try {
            secrets = new ArrayList<>(vault().list());
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
        if (secrets.isEmpty()) {
            out.println("No secrets.");
            return;
        }
        secrets.sort(Comparator.comparing(SecretInfo::name));
        ShellTable table = new ShellTable();
        table.column("NAME");
        table.column("CATEGORY");
        table.column("VALUE");
        table.column("UPDATED");
        for (SecretInfo s : secrets) {
            // only the vault's masked summary: SecretInfo has no value to leak
            table.addRow().addContent(s.name(), orDash(s.category()), orDash(s.masked()), updated(s.updatedAt()));
        }
        table.print(out);
    }

    /** {@code secret-delete}: a missing name is an error, so scripts see it fail. */
    void delete(String name) throws CommandException {
        boolean deleted;
        try {
            deleted = vault().delete(name);
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
        if (!deleted) {
            throw ErrorLine.of("no secret named " + name);
        }
        out.println("Secret " + name + " deleted.");
    }

    /** {@code secret-rotate-key}: a new key, every secret re-encrypted under it. */
    void rotateKey() throws CommandException {
        int count;
        try {
            count = vault().rotateKey();
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
        out.println("Key rotated; " + count + " secrets re-encrypted.");
    }

    /** The value without one trailing {@code \n} or {@code \r\n} (what {@code echo} and editors add). */
    static char[] withoutTrailingNewline(char[] raw) {
        int end = raw.length;
        if (end > 0 && raw[end - 1] == '\n') {
            end--;
            if (end > 0 && raw[end - 1] == '\r') {
                end--;
            }
        }
        return Arrays.copyOf(raw, end);
    }

    private static String updated(Instant when) {
        return when == null ? "-" : UPDATED.format(when.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }
}
