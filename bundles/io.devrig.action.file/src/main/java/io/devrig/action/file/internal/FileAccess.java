package io.devrig.action.file.internal;

import io.devrig.action.file.roots.FileRoots;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing confined files, shared by file.read, file.write and file.transform.
 * Every path goes through {@link FileRoots#confine} first; the real path it returns has no
 * symbolic link left, so files are opened with {@code NOFOLLOW_LINKS}: a link swapped in after
 * the check makes the open fail instead of leading elsewhere.
 */
final class FileAccess {

    static final List<String> MODES = List.of("create", "overwrite", "append");

    private final FileRoots roots;

    FileAccess(FileRoots roots) {
        this.roots = roots;
    }

    Path confine(String path) {
        return roots.confine(path);
    }

    /** A confined regular file's bytes, refused when larger than {@code maxBytes}. */
    Read read(String path, long maxBytes) {
        Path real = roots.confine(path);
        BasicFileAttributes attributes = attributes(real);
        if (attributes == null) {
            throw FileErrors.of(FileErrors.NOT_FOUND, "'" + path + "' does not exist");
        }
        if (!attributes.isRegularFile()) {
            throw FileErrors.of(FileErrors.NOT_A_FILE, "'" + path + "' is not a regular file");
        }
        if (attributes.size() > maxBytes) {
            throw tooLarge(path, attributes.size(), maxBytes);
        }
        try (InputStream in = Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            // the file may have grown since it was measured: never read more than the limit
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge(path, bytes.length, maxBytes);
            }
            return new Read(real, bytes, attributes.lastModifiedTime().toInstant().toString());
        } catch (IOException e) {
            throw FileErrors.io("read", path, e);
        }
    }

    /** What was read: the real path, the bytes and when the file was last modified (ISO-8601). */
    record Read(Path path, byte[] bytes, String modifiedAt) {
    }

    /**
     * Writes {@code bytes} to a confined file. {@code create} fails when the file exists with
     * other content (the same content counts as done, so a retried node succeeds);
     * {@code overwrite} replaces the file atomically (a temporary file in the same folder,
     * flushed to disk, then renamed over it: a reader sees the old or the new file, never a
     * part); {@code append} adds at the end (creating the file when missing).
     */
    Map<String, Object> write(String path, byte[] bytes, String mode, boolean createFolders) {
        Path real = roots.confine(path);
        Path folder = real.getParent();
        if (folder == null) {
            throw FileErrors.of(FileErrors.NOT_A_FILE, "'" + path + "' is not a regular file");
        }
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            if (!createFolders) {
                throw FileErrors.of(FileErrors.NOT_FOUND, "the folder of '" + path
                        + "' does not exist (set createFolders to create it)");
            }
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw FileErrors.io("create the folder of", path, e);
            }
        }
        BasicFileAttributes before = attributes(real);
        if (before != null && !before.isRegularFile()) {
            throw FileErrors.of(FileErrors.NOT_A_FILE, "'" + path + "' is not a regular file");
        }
        boolean created;
        try {
            created = switch (mode) {
                case "create" -> create(path, real, bytes);
                case "overwrite" -> {
                    replace(real, bytes, before != null);
                    yield before == null;
                }
                case "append" -> {
                    append(real, bytes);
                    yield before == null;
                }
                default -> throw new IllegalArgumentException("mode " + mode);
            };
        } catch (IOException e) {
            throw FileErrors.io("write", path, e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", real.toString());
        out.put("mode", mode);
        out.put("bytesWritten", created || !"create".equals(mode) ? bytes.length : 0);
        out.put("created", created);
        BasicFileAttributes after = attributes(real);
        out.put("size", after == null ? bytes.length : after.size());
        return out;
    }

    /** What a write would do, for a dry-run: the path is confined (a refusal shows), nothing changes. */
    Map<String, Object> previewWrite(String path, int bytes, String mode) {
        Path real = roots.confine(path);
        BasicFileAttributes attributes = attributes(real);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("preview", true);
        out.put("path", real.toString());
        out.put("mode", mode);
        out.put("bytes", bytes);
        out.put("exists", attributes != null);
        out.put("folderExists", real.getParent() != null && Files.isDirectory(real.getParent(), LinkOption.NOFOLLOW_LINKS));
        if (attributes != null && "create".equals(mode)) {
            out.put("note", "create fails unless the existing file has the same content");
        }
        return out;
    }

    /** Create-if-absent without a partial file: written aside, then hard-linked in (link fails if the name exists). */
    private boolean create(String path, Path real, byte[] bytes) throws IOException {
        Path temp = temp(real, bytes);
        try {
            try {
                Files.createLink(real, temp);
                return true;
            } catch (FileAlreadyExistsException e) {
                if (sameContent(real, bytes)) {
                    return false;
                }
                throw FileErrors.of(FileErrors.EXISTS, "'" + path + "' exists already (mode create); use overwrite or append");
            } catch (UnsupportedOperationException | AccessDeniedException e) {
                // no hard links on this file system: create the file in place instead
                try (OutputStream out = Files.newOutputStream(real, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    out.write(bytes);
                } catch (FileAlreadyExistsException exists) {
                    if (sameContent(real, bytes)) {
                        return false;
                    }
                    throw FileErrors.of(FileErrors.EXISTS, "'" + path + "' exists already (mode create); use overwrite or append");
                }
                return true;
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void replace(Path real, byte[] bytes, boolean exists) throws IOException {
        Path temp = temp(real, bytes);
        try {
            if (exists) {
                keepPermissions(real, temp);
            }
            Files.move(temp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void append(Path real, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(real, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    /** A hidden file beside the target holding {@code bytes}, flushed to disk (0600 on POSIX file systems). */
    private static Path temp(Path real, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(real.getParent(), "." + real.getFileName() + ".", ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    private static void keepPermissions(Path from, Path to) {
        PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributeView target = Files.getFileAttributeView(to, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (source != null && target != null) {
            try {
                target.setPermissions(source.readAttributes().permissions());
            } catch (IOException e) {
                // the new file keeps the private default (0600): safe, only less open
            }
        }
    }

    private static boolean sameContent(Path real, byte[] bytes) throws IOException {
        if (Files.size(real) != bytes.length) {
            return false;
        }
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            return Arrays.equals(in.readNBytes(bytes.length + 1), bytes);
        }
    }

    private static BasicFileAttributes attributes(Path real) {
        try {
            return Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw FileErrors.io("inspect", real, e);
        }
    }

    static io.devrig.api.error.DevRigException tooLarge(String path, long size, long max) {
        return FileErrors.of(FileErrors.TOO_LARGE, "'" + path + "' has " + size + " bytes; the limit is " + max,
                Map.of("size", size, "limit", max));
    }
}
