package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;

/** What the command tests share: fields up the class hierarchy, Karaf's own argument parsing, a completion cursor. */
final class CommandTesting {

    private CommandTesting() {
    }

    /** A field declared by the class or one of its superclasses. */
    static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

    /** Every field of the class and its superclasses. */
    static List<Field> fields(Class<?> type) {
        List<Field> all = new ArrayList<>();
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            all.addAll(List.of(c.getDeclaredFields()));
        }
        return all;
    }

    /** Fills the action's @Argument and @Option fields the way the Karaf shell does. */
    static void prepare(Action action, Object... args) throws Exception {
        assertThat(new DefaultActionPreparator().prepare(action, FakeSession.console(""), List.of(args))).isTrue();
    }

    /** A command line with the cursor at the end of its first argument, {@code word}. */
    static CommandLine cursorAt(String command, String word) {
        String buffer = command + " " + word;
        return new CommandLine() {
            @Override public int getCursorArgumentIndex() { return 1; }
            @Override public String getCursorArgument() { return word; }
            @Override public int getArgumentPosition() { return word.length(); }
            @Override public String[] getArguments() { return new String[] {command, word}; }
            @Override public int getBufferPosition() { return buffer.length(); }
            @Override public String getBuffer() { return buffer; }
        };
    }
}
