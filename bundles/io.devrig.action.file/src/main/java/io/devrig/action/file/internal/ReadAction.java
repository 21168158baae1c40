package io.devrig.action.file.internal;

import io.devrig.action.file.roots.FileRoots;
import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.common.action.DeclaredActions;
import java.nio.charset.Charset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code file.read}: a file inside the roots as text (in an encoding, strictly decoded) or as
 * base64, up to a size limit. No side effects, so a dry-run reads too.
 */
@Component(service = ActionExecutor.class, configurationPid = FileConfig.PID,
        property = ActionExecutor.TYPE_PROPERTY + "=" + ReadAction.TYPE)
public final class ReadAction implements ActionExecutor {

    static final String TYPE = "file.read";

    private static final ActionDescriptor DESCRIPTOR = DeclaredActions.builtIn(ReadAction.class, TYPE);
    private static final Set<String> FIELDS = Set.of("path", "as", "encoding", "maxBytes");

    private final FileAccess files;
    private volatile long maxBytes;

    @Activate
    public ReadAction(@Reference FileRoots roots, FileConfig config) {
        this.files = new FileAccess(roots);
        modified(config);
    }

    @Modified
    void modified(FileConfig config) {
        maxBytes = config.maxReadBytes();
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        Map<String, Object> in = Inputs.object(input, "$", FIELDS);
        String path = Inputs.string(in, "path", "$", null);
        String as = Inputs.choice(in, "as", "$", Content.AS, "text");
        Charset charset = Content.charset(in, "$");
        long limit = Inputs.limit(in, "maxBytes", "$", maxBytes);
        FileAccess.Read read = files.read(path, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", read.path().toString());
        out.put("as", as);
        if ("text".equals(as)) {
            out.put("encoding", charset.name());
            out.put("content", Content.decode(read.bytes(), charset, "'" + path + "'"));
        } else {
            out.put("content", Base64.getEncoder().encodeToString(read.bytes()));
        }
        out.put("size", read.bytes().length);
        out.put("modifiedAt", read.modifiedAt());
        return out;
    }
}
