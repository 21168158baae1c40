package io.devrig.action.file.internal;

import io.devrig.action.file.roots.FileRoots;
import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.common.action.DeclaredActions;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code file.transform}: {@code parse} turns JSON, CSV (a header row gives objects) or XML
 * from a file inside the roots or from {@code text} into a JSON value; {@code serialize}
 * writes a JSON value as one of them, returned as {@code text} or written to a file (the
 * modes of file.write). Side effects (a serialize to a file): in a dry-run a parse and a
 * serialize to text run as usual, a serialize to a file is previewed.
 */
@Component(service = ActionExecutor.class, configurationPid = FileConfig.PID,
        property = ActionExecutor.TYPE_PROPERTY + "=" + TransformAction.TYPE)
public final class TransformAction implements ActionExecutor {

    static final String TYPE = "file.transform";

    private static final ActionDescriptor DESCRIPTOR = DeclaredActions.builtIn(TransformAction.class, TYPE);
    private static final Set<String> FIELDS = Set.of("operation", "format", "path", "text", "value", "encoding", "csv",
            "xmlRoot", "pretty", "mode", "createFolders", "maxBytes");
    private static final List<String> OPERATIONS = List.of("parse", "serialize");

    private final FileAccess files;
    private volatile long maxReadBytes;
    private volatile long maxWriteBytes;

    @Activate
    public TransformAction(@Reference FileRoots roots, FileConfig config) {
        this.files = new FileAccess(roots);
        modified(config);
    }

    @Modified
    void modified(FileConfig config) {
        maxReadBytes = config.maxReadBytes();
        maxWriteBytes = config.maxWriteBytes();
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        return run(input, false);
    }

    @Override
    public Object preview(Object input, ActionContext context) {
        return run(input, true);
    }

    private Object run(Object input, boolean preview) {
        Map<String, Object> in = Inputs.object(input, "$", FIELDS);
        String operation = Inputs.choice(in, "operation", "$", OPERATIONS, null);
        String format = Inputs.choice(in, "format", "$", Formats.FORMATS, null);
        Formats.CsvOptions csv = Formats.CsvOptions.of(in.get("csv"), "$.csv");
        Charset charset = Content.charset(in, "$");
        Map<String, Object> out = new LinkedHashMap<>();
        if (preview) {
            out.put("preview", true);
        }
        out.put("format", format);
        if ("parse".equals(operation)) {
            Formats.Parsed parsed = parse(in, format, csv, charset);
            out.put("value", parsed.value());
            if (parsed.root() != null) {
                out.put("root", parsed.root());
            }
            return out;
        }
        if (!in.containsKey("value")) {
            throw Inputs.invalid("$.value", "is required for serialize");
        }
        String root = Inputs.string(in, "xmlRoot", "$", "root");
        if (!Formats.XML_NAME.matcher(root).matches()) {
            throw Inputs.invalid("$.xmlRoot", "must be an XML name (letters, digits, '_', '-', '.')");
        }
        String text = Formats.serialize(format, in.get("value"), csv, root, Inputs.bool(in, "pretty", "$", true));
        if (!in.containsKey("path")) {
            out.put("text", text);
            return out;
        }
        byte[] bytes = Content.encode(text, charset, "$.value");
        if (bytes.length > maxWriteBytes) {
            throw FileErrors.of(FileErrors.TOO_LARGE, "$.value: " + bytes.length + " bytes as " + format
                    + "; the limit is " + maxWriteBytes, Map.of("size", bytes.length, "limit", maxWriteBytes));
        }
        String path = Inputs.string(in, "path", "$", null);
        String mode = Inputs.choice(in, "mode", "$", FileAccess.MODES, "create");
        if (preview) {
            out.putAll(files.previewWrite(path, bytes.length, mode));
            return out;
        }
        out.putAll(files.write(path, bytes, mode, Inputs.bool(in, "createFolders", "$", false)));
        return out;
    }

    private Formats.Parsed parse(Map<String, Object> in, String format, Formats.CsvOptions csv, Charset charset) {
        boolean fromFile = in.containsKey("path");
        if (fromFile == in.containsKey("text")) {
            throw Inputs.invalid("$", "parse needs exactly one of path and text");
        }
        if (fromFile) {
            String path = Inputs.string(in, "path", "$", null);
            FileAccess.Read read = files.read(path, Inputs.limit(in, "maxBytes", "$", maxReadBytes));
            String what = "'" + path + "'";
            return Formats.parse(format, Content.decode(read.bytes(), charset, what), csv, what);
        }
        String text = Inputs.string(in, "text", "$", null);
        if (text.length() > maxReadBytes) {
            throw FileErrors.of(FileErrors.TOO_LARGE, "$.text: " + text.length() + " characters; the limit is "
                    + maxReadBytes, Map.of("size", text.length(), "limit", maxReadBytes));
        }
        return Formats.parse(format, text, csv, "$.text");
    }
}
