package io.devrig.shell.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.karaf.shell.support.CommandException;

/**
 * The workflow files the shell reads and writes. A relative path resolves against the
 * shell session's current directory, as Gogo's own {@code cat} and {@code ls} do: the
 * directory Karaf was started from (Java's {@code user.dir}, the base directory when
 * started with {@code bin/karaf} from there) unless {@code cd} moved the session;
 * {@code ~/} is the home directory of the user running Karaf. Error lines name the
 * absolute path, so there is no guessing which file was meant.
 */
final class FlowFiles {

    /** A workflow definition is far smaller; this keeps a wrong file (a log, an image) out of memory. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private FlowFiles() {
    }

    /**
     * @param base the session's current directory, null for Java's {@code user.dir}
     * @throws CommandException for no path or a path the file system cannot express
     */
    static Path resolve(Path base, String file) throws CommandException {
        if (file == null || file.isBlank()) {
            throw ErrorLine.of("no file given");
        }
        try {
            String name = file.strip();
            Path path;
            if (name.equals("~") || name.startsWith("~/")) {
                path = Path.of(System.getProperty("user.home")).resolve(name.equals("~") ? "" : name.substring(2));
            } else {
                Path given = Path.of(name);
                path = given.isAbsolute() ? given
                        : (base != null ? base : Path.of(System.getProperty("user.dir"))).resolve(given);
            }
            return path.toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw ErrorLine.of("not a valid path: " + file);
        }
    }

    /** The file's text (UTF-8, a leading byte order mark dropped). */
    static String read(Path path) throws CommandException {
        if (Files.isDirectory(path)) {
            throw ErrorLine.of(path + " is a directory, not a file");
        }
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw ErrorLine.of(path + " is too large for a workflow (more than " + MAX_BYTES / (1024 * 1024)
                        + " MiB)");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw ErrorLine.of("no such file: " + path);
        } catch (AccessDeniedException e) {
            throw ErrorLine.of("cannot read " + path + ": permission denied");
        } catch (IOException e) {
            throw ErrorLine.of("cannot read " + path);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ErrorLine.of(path + " is not UTF-8 text");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * Writes {@code text} (UTF-8). An existing file is replaced only when {@code overwrite};
     * the check and the creation are one step, so a file that appears meanwhile is kept too.
     */
    static void write(Path path, String text, boolean overwrite) throws CommandException {
        if (Files.isDirectory(path)) {
            throw ErrorLine.of(path + " is a directory, not a file");
        }
        if (path.getParent() != null && !Files.isDirectory(path.getParent())) {
            throw ErrorLine.of("no such directory: " + path.getParent());
        }
        OpenOption[] options = overwrite
                ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8, options);
        } catch (FileAlreadyExistsException e) {
            throw ErrorLine.of(path + " exists; add --force to overwrite it");
        } catch (AccessDeniedException e) {
            throw ErrorLine.of("cannot write " + path + ": permission denied");
        } catch (IOException e) {
            throw ErrorLine.of("cannot write " + path);
        }
    }
}
