package io.devrig.template.internal;

import java.util.Arrays;

/** Turns offsets in a template source into 1-based line and column numbers. */
final class SourceText {

    private final String source;
    private final int[] lineStarts;

    SourceText(String source) {
        this.source = source;
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            // \n, \r\n and a lone \r each end a line
            if (c == '\n' || (c == '\r' && (i + 1 == source.length() || source.charAt(i + 1) != '\n'))) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    String source() {
        return source;
    }

    int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** Counted in characters (code points), so a column does not shift after an emoji. */
    int column(int offset) {
        int start = lineStarts[line(offset) - 1];
        return source.codePointCount(start, Math.min(offset, source.length())) + 1;
    }

    String where(int offset) {
        return "line " + line(offset) + ", column " + column(offset);
    }
}
