package io.devrig.shell.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code Label:} lines with the values aligned after the longest label; values cleaned, "-" when empty. */
final class FieldList {

    private final List<String[]> lines = new ArrayList<>();

    FieldList add(String label, String value) {
        lines.add(new String[] {label + ":", PluginText.orDash(value)});
        return this;
    }

    void print(PrintStream out) {
        int width = 0;
        for (String[] line : lines) {
            width = Math.max(width, line[0].length());
        }
        for (String[] line : lines) {
            out.println(String.format("%-" + (width + 1) + "s%s", line[0], line[1]));
        }
    }
}
