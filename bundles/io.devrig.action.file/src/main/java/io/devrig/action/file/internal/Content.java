package io.devrig.action.file.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Bytes to and from what a node carries: text in an encoding, or base64. Strict both ways. */
final class Content {

    static final List<String> AS = List.of("text", "base64");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Content() {
    }

    static Charset charset(Map<String, Object> in, String path) {
        String name = Inputs.string(in, "encoding", path, "UTF-8");
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw Inputs.invalid(path + ".encoding", "unknown encoding '" + name + "'");
        }
    }

    /** The text of {@code bytes}; bytes that are not valid in the encoding are an error, never replaced. */
    static String decode(byte[] bytes, Charset charset, String what) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw FileErrors.of(FileErrors.UNREADABLE, what + " is not valid " + charset.name()
                    + " text; read it with \"as\": \"base64\" or give its encoding");
        }
    }

    static byte[] encode(String text, Charset charset, String path) {
        if (charset.equals(StandardCharsets.UTF_8)) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            ByteBuffer buffer = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw Inputs.invalid(path, "has characters " + charset.name() + " cannot encode");
        }
    }

    static byte[] base64(String text, String path) {
        try {
            // line breaks and spaces are allowed (wrapped base64); any other stray character is an error
            return Base64.getDecoder().decode(WHITESPACE.matcher(text).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw Inputs.invalid(path, "is not valid base64");
        }
    }
}
