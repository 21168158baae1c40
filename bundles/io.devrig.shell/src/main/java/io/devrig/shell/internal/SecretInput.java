package io.devrig.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;

/**
 * Where {@code secret-set} gets a value: never from the command line, so it stays out of
 * the shell history, the process list and the audit log of commands.
 */
@FunctionalInterface
interface SecretInput {

    /** Longest value read from a stream; more is refused rather than silently cut. */
    int MAX_CHARS = 64 * 1024;

    /**
     * Reads the raw value (a trailing newline, if any, is still there).
     *
     * @param prompt what to show when the value is typed at a terminal
     * @return the characters; the caller wipes them
     * @throws CommandException with a one-line message that never contains the value
     */
    char[] read(String prompt) throws CommandException;

    /**
     * Chooses the input of one {@code secret-set} run.
     *
     * <ul>
     * <li>{@code --stdin}: standard input.</li>
     * <li>Input piped inside the Karaf shell ({@code echo -n v | devrig:secret-set n}; Karaf's
     * shell has no {@code < file}, hence {@code --file} and {@link #fromFile}): standard input.
     * Gogo marks those streams as not a tty,
     * while the session's own input is one ({@code Process.isTty(0)}).</li>
     * <li>A console session: a prompt with echo off ({@code Session.readLine(prompt, '*')}).</li>
     * <li>A headless session ({@code ssh host devrig:secret-set n}, {@code bin/client}), which has
     * no terminal and cannot prompt: standard input.</li>
     * </ul>
     *
     * @param session the shell session, null when unknown
     * @param forceStdin the {@code --stdin} option
     * @param stdinIsTty whether Gogo says standard input is the session's own, null when unknown
     * @param stdin the command's standard input ({@code System.in} in a Karaf command)
     */
    static SecretInput choose(Session session, boolean forceStdin, Boolean stdinIsTty, InputStream stdin) {
        if (forceStdin || Boolean.FALSE.equals(stdinIsTty) || session == null || session.getTerminal() == null) {
            return fromStream(stdin);
        }
        return prompt(session, stdin);
    }

    /** Prompts with echo off; falls back to {@code fallback} when the session cannot prompt. */
    static SecretInput prompt(Session session, InputStream fallback) {
        return prompt -> {
            String line;
            try {
                line = session.readLine(prompt, '*');
            } catch (UnsupportedOperationException headless) {
                return fromStream(fallback).read(prompt);
            } catch (IOException | RuntimeException e) {
                // Ctrl-C / Ctrl-D surface as jline runtime exceptions; their messages are not shown
                throw ErrorLine.of("no value entered");
            }
            if (line == null) {
                throw ErrorLine.of("no value entered");
            }
            // a String cannot be wiped; the copy handed on can
            return line.toCharArray();
        };
    }

    /** Largest file {@code secret-set --file} reads, in bytes (a value is at most {@link #MAX_CHARS} characters). */
    long MAX_FILE_BYTES = 4L * MAX_CHARS;

    /**
     * Reads a whole file as UTF-8 ({@code secret-set --file}), read by the DevRig server
     * process. Each refusal is one line that names the path, never any of its content: a
     * missing file, a directory or other non-regular file, an empty file, one larger than
     * {@link #MAX_FILE_BYTES} bytes or {@link #MAX_CHARS} characters, one that is not UTF-8
     * text, one that cannot be read.
     *
     * @param file an absolute path (the command resolves relative ones)
     */
    static SecretInput fromFile(java.nio.file.Path file) {
        return prompt -> {
            java.nio.file.attribute.BasicFileAttributes attributes;
            try {
                attributes = java.nio.file.Files.readAttributes(file,
                        java.nio.file.attribute.BasicFileAttributes.class);
            } catch (java.nio.file.NoSuchFileException e) {
                throw ErrorLine.of("no file " + file + "; nothing saved");
            } catch (IOException | SecurityException e) {
                throw ErrorLine.of("cannot read " + file + "; nothing saved");
            }
            if (attributes.isDirectory()) {
                throw ErrorLine.of(file + " is a directory, not a file; nothing saved");
            }
            if (!attributes.isRegularFile()) {
                throw ErrorLine.of(file + " is not a regular file; nothing saved");
            }
            if (attributes.size() == 0) {
                throw ErrorLine.of(file + " is empty; nothing saved");
            }
            if (attributes.size() > MAX_FILE_BYTES) {
                throw ErrorLine.of(file + " is larger than " + MAX_FILE_BYTES + " bytes; nothing saved");
            }
            java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
            try (InputStream in = java.nio.file.Files.newInputStream(file);
                    Reader reader = new InputStreamReader(in, utf8)) {
                char[] value = readAll(reader, MAX_CHARS);
                if (value.length == 0) {
                    throw ErrorLine.of(file + " is empty; nothing saved");
                }
                return value;
            } catch (java.nio.charset.CharacterCodingException e) {
                throw ErrorLine.of(file + " is not UTF-8 text; nothing saved");
            } catch (IOException | SecurityException e) {
                // the exception's message is not shown: it is not ours to vouch for
                throw ErrorLine.of("cannot read " + file + "; nothing saved");
            }
        };
    }

    /** Reads everything up to end of input as UTF-8, at most {@link #MAX_CHARS} characters. */
    static SecretInput fromStream(InputStream in) {
        return prompt -> {
            if (in == null) {
                throw ErrorLine.of("no standard input to read the value from");
            }
            try {
                return readAll(new InputStreamReader(in, StandardCharsets.UTF_8), MAX_CHARS);
            } catch (IOException e) {
                // the exception's message is not shown: it is not ours to vouch for
                throw ErrorLine.of("could not read the value from standard input");
            }
        };
    }

    /**
     * Reads a reader to its end without closing it (it may be the session's input).
     *
     * @throws CommandException when there are more than {@code max} characters
     */
    static char[] readAll(Reader reader, int max) throws IOException, CommandException {
        return readAll(reader, max, "value");
    }

    /**
     * Reads a reader to its end without closing it; {@code what} names the text in the
     * error line ({@code value}, {@code settings}).
     *
     * @throws CommandException when there are more than {@code max} characters
     */
    static char[] readAll(Reader reader, int max, String what) throws IOException, CommandException {
        char[] buf = new char[Math.min(256, max + 1)];
        int len = 0;
        try {
            int n;
            while ((n = reader.read(buf, len, buf.length - len)) >= 0) {
                len += n;
                if (len > max) {
                    throw ErrorLine.of(what + " longer than " + max + " characters; nothing saved");
                }
                if (len == buf.length) {
                    char[] bigger = Arrays.copyOf(buf, Math.min(buf.length * 2, max + 1));
                    Arrays.fill(buf, '\0');
                    buf = bigger;
                }
            }
            return Arrays.copyOf(buf, len);
        } finally {
            Arrays.fill(buf, '\0');
        }
    }
}
