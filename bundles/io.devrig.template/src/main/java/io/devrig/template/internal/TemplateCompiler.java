package io.devrig.template.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.template.TemplateErrors;
import io.devrig.api.template.TemplateOptions;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Compiles and checks templates; plain Java, the OSGi component only delegates here. */
final class TemplateCompiler {

    private TemplateCompiler() {
    }

    static Template compile(String source, TemplateOptions options) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        Parser parser = new Parser(source, options.escaping());
        Parser.Result result = parser.parse();
        if (!result.problems().isEmpty()) {
            List<String> all = result.problems().stream().map(parser::format).toList();
            Parser.Problem first = result.problems().get(0);
            int more = all.size() - 1;
            String message = "invalid template: " + all.get(0)
                    + (more == 0 ? "" : " (and " + more + " more problem" + (more == 1 ? "" : "s") + ")");
            SourceText text = parser.sourceText();
            throw new DevRigException(DevRigError.of(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, message)
                    .withDetails(Map.of(TemplateErrors.LINE, text.line(first.offset()), TemplateErrors.COLUMN,
                            text.column(first.offset()), TemplateErrors.PROBLEMS, all)));
        }
        return new Template(parser.sourceText(), options, result.nodes());
    }

    static List<String> validate(String source, TemplateOptions options) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        Parser parser = new Parser(source, options.escaping());
        return parser.parse().problems().stream().map(parser::format).toList();
    }
}
