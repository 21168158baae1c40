package io.devrig.action.file.internal;

import io.devrig.action.file.roots.FileRoots;
import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.common.action.DeclaredActions;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code file.write}: text or base64 content into a file inside the roots, in mode
 * {@code create} (the default; never replaces other content), {@code overwrite} (an atomic
 * replace) or {@code append}. Side effects: a dry-run previews the resolved path instead.
 */
@Component(service = ActionExecutor.class, configurationPid = FileConfig.PID,
        property = ActionExecutor.TYPE_PROPERTY + "=" + WriteAction.TYPE)
public final class WriteAction implements ActionExecutor {

    static final String TYPE = "file.write";

    private static final ActionDescriptor DESCRIPTOR = DeclaredActions.builtIn(WriteAction.class, TYPE);
    private static final Set<String> FIELDS = Set.of("path", "content", "as", "encoding", "mode", "createFolders");

    private final FileAccess files;
    private volatile long maxBytes;

    @Activate
    public WriteAction(@Reference FileRoots roots, FileConfig config) {
        this.files = new FileAccess(roots);
        modified(config);
    }

    @Modified
    void modified(FileConfig config) {
        maxBytes = config.maxWriteBytes();
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** The checked input: where, what (as bytes) and how. */
    private record Request(String path, byte[] bytes, String mode, boolean createFolders) {
    }

    private Request request(Object input) {
        Map<String, Object> in = Inputs.object(input, "$", FIELDS);
        String path = Inputs.string(in, "path", "$", null);
        String content = Inputs.string(in, "content", "$", null);
        String as = Inputs.choice(in, "as", "$", Content.AS, "text");
        byte[] bytes = "text".equals(as) ? Content.encode(content, Content.charset(in, "$"), "$.content")
                : Content.base64(content, "$.content");
        if (bytes.length > maxBytes) {
            throw FileErrors.of(FileErrors.TOO_LARGE, "$.content: " + bytes.length + " bytes; the limit is " + maxBytes,
                    Map.of("size", bytes.length, "limit", maxBytes));
        }
        return new Request(path, bytes, Inputs.choice(in, "mode", "$", FileAccess.MODES, "create"),
                Inputs.bool(in, "createFolders", "$", false));
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        Request r = request(input);
        return files.write(r.path(), r.bytes(), r.mode(), r.createFolders());
    }

    @Override
    public Object preview(Object input, ActionContext context) {
        Request r = request(input);
        Map<String, Object> out = files.previewWrite(r.path(), r.bytes().length, r.mode());
        out.put("actionType", TYPE);
        return out;
    }
}
