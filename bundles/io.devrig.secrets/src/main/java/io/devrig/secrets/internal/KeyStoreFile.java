package io.devrig.secrets.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key in a file (base64 of 32 bytes, mode 0600), by default
 * {@code etc/devrig-secrets.key}. A rotation first writes the new key to
 * {@code <file>.next}, and moves it over the file only after the database commit; see
 * {@link Vault} for how an interrupted rotation is finished or undone.
 *
 * <p>Every write goes to a temporary file created with mode 0600 (never chmod-ed
 * afterwards: there is no moment another user could open it), is forced to disk, and
 * is then moved into place atomically, so a crash leaves either the old or the new
 * file, never half a key.
 */
public final class KeyStoreFile implements KeySource {

    private static final Logger LOG = LoggerFactory.getLogger(KeyStoreFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;
    private final Path next;

    KeyStoreFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
        this.next = this.path.resolveSibling(this.path.getFileName() + ".next");
    }

    public Path path() {
        return path;
    }

    /** Where a rotation puts the new key until the database is re-encrypted under it. */
    public Path nextPath() {
        return next;
    }

    public boolean exists() {
        return Files.exists(path);
    }

    public boolean nextExists() {
        return Files.exists(next);
    }

    @Override
    public SecretKey load() {
        warnIfOthersCanRead(path);
        return read(path);
    }

    /** The key of an unfinished rotation. */
    SecretKey loadNext() {
        return read(next);
    }

    /** Writes the key file of a first start; refuses to replace an existing one. */
    void create(SecretKey key) {
        if (Files.exists(path)) {
            throw unavailable("the secret key file " + path + " appeared while DevRig was creating it; restart to use it");
        }
        try {
            writeAtomically(path, key);
        } catch (IOException e) {
            throw new DevRigException(ErrorCodes.SECRET_KEY_UNAVAILABLE, ErrorCategory.RESOURCE,
                    "cannot create the secret key file " + path + ": " + describe(e), e);
        }
    }

    /** Writes a rotation's new key next to the key file. */
    void writeNext(SecretKey key) {
        try {
            writeAtomically(next, key);
        } catch (IOException e) {
            throw new DevRigException(ErrorCodes.SECRET_KEY_UNAVAILABLE, ErrorCategory.RESOURCE,
                    "cannot write the new secret key to " + next + ": " + describe(e) + "; the key was not rotated", e);
        }
    }

    /** Moves the rotation's new key over the key file. */
    void promoteNext() throws IOException {
        move(next, path);
        syncFolder(path);
    }

    /** Deletes the key of a rotation that did not commit. */
    void discardNext() throws IOException {
        Files.deleteIfExists(next);
        syncFolder(path);
    }

    @Override
    public String description() {
        return "file " + path;
    }

    @Override
    public String location() {
        return path.toString();
    }

    @Override
    public String toString() {
        return "KeyStoreFile[" + path + "]";
    }

    private static SecretKey read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw unavailable("the secret key file " + file + " does not exist");
        } catch (IOException e) {
            throw unavailable("cannot read the secret key file " + file + ": " + describe(e));
        }
        byte[] raw = null;
        try {
            int end = content.length;
            while (end > 0 && Character.isWhitespace(content[end - 1])) {
                end--;
            }
            try {
                ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(content, 0, end));
                raw = new byte[decoded.remaining()];
                decoded.get(raw);
                Arrays.fill(decoded.array(), (byte) 0);
            } catch (IllegalArgumentException e) {
                // no cause: the decoder's message quotes the offending character of the key
                throw unavailable("the secret key file " + file + " is not valid base64");
            }
            if (raw.length != AesGcm.KEY_BYTES) {
                throw unavailable("the secret key file " + file + " must hold the base64 of " + AesGcm.KEY_BYTES + " bytes");
            }
            return AesGcm.key(raw);
        } finally {
            Arrays.fill(content, (byte) 0);
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    private static void writeAtomically(Path target, SecretKey key) throws IOException {
        Path folder = target.getParent();
        Files.createDirectories(folder);
        Path temp = folder.resolve("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(temp); // left over by a crash: never holds a key anyone uses
        createOwnerOnly(temp);
        byte[] raw = key.getEncoded();
        byte[] encoded = Base64.getEncoder().encode(raw);
        byte[] line = Arrays.copyOf(encoded, encoded.length + 1);
        line[encoded.length] = '\n';
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true); // on disk before the rename makes it visible
            }
            move(temp, target);
            syncFolder(target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        } finally {
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(encoded, (byte) 0);
            Arrays.fill(line, (byte) 0);
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        try {
            Files.createFile(file, ownerOnly);
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file inherits the folder's ACL; etc/ should be readable by the service account only
            Files.createFile(file);
            LOG.warn("{} does not support POSIX permissions: protect the folder of {} yourself", file.getFileSystem(), file);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes a rename durable (Linux); a no-op where folders cannot be opened. */
    private static void syncFolder(Path file) {
        try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot sync folder {}: {}", file.getParent(), e.toString());
        }
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                LOG.warn("The secret key file {} is accessible to other users (mode {}); it should be rw-------", file,
                        PosixFilePermissions.toString(permissions));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // missing (load reports it) or not POSIX
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
    }

    static DevRigException unavailable(String message) {
        return new DevRigException(ErrorCodes.SECRET_KEY_UNAVAILABLE, ErrorCategory.PERMANENT, message);
    }
}
