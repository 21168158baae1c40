package io.devrig.flow.internal;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionRegistry;
import io.devrig.api.flow.NodeType;
import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowNode;
import io.devrig.common.json.JsonPathText;
import io.devrig.common.schema.CompiledSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Validation that needs the action registry: each known action node's config against its type. */
final class ActionConfigChecks {

    private ActionConfigChecks() {
    }

    /**
     * {@code base} plus, for every action node whose type is known, the problems of its
     * config (re-rooted under {@code $.nodes[i].config}) and a config version newer than
     * the type knows.
     */
    static ValidationReport add(ValidationReport base, WorkflowDefinition def, ActionRegistry actions) {
        List<String> errors = new ArrayList<>(base.errors());
        for (int i = 0; i < def.nodes().size(); i++) {
            WorkflowNode n = def.nodes().get(i);
            if (n.type() != NodeType.ACTION || n.actionType() == null) {
                continue;
            }
            Optional<ActionDescriptor> d = actions.descriptor(n.actionType());
            if (d.isEmpty()) {
                continue; // reported by the definition validator (missing, or an error when publishing)
            }
            String path = "$.nodes[" + i + "]";
            if (n.configVersion() > d.get().configVersion()) {
                errors.add(path + ".configVersion: " + n.configVersion() + " is newer than the config version "
                        + d.get().configVersion() + " of action type '" + n.actionType() + "'");
                continue; // its config has a format this action type does not know
            }
            for (String p : oneLinePerMistake(actions.validateConfig(n.actionType(), n.config()))) {
                errors.add(DefinitionValidator.reroot(p, path + ".config"));
            }
        }
        return new ValidationReport(errors, base.warnings(), base.missingActionTypes());
    }

    private static final Pattern LINE = Pattern.compile("(\\$[^:]*): (.*)", Pattern.DOTALL);
    private static final Pattern ALTERNATIVES = Pattern.compile(
            "must be valid to (one and only one schema, but 0 are valid|any of the schemas.*)", Pattern.DOTALL);
    private static final Pattern BRANCH = Pattern.compile("required property '(.*)' not found");
    private static final Pattern UNKNOWN = Pattern.compile(
            "property '(.*)' is not defined in the schema and the schema does not allow additional properties");

    /**
     * The action registry's config problems, one line per mistake. The JSON Schema validator
     * reports a failed {@code oneOf}/{@code anyOf} as a summary followed by one
     * {@code required property 'x' not found} per branch, and an extra property on its
     * object: a misspelt {@code jsonPath} of data.transform gave five lines. Here an extra
     * property names itself ({@code $.jsonPth: unknown field}); a failed oneOf/anyOf whose
     * branches each ask for a property is one line ({@code $: needs exactly one of 'a', 'b'}),
     * or none when an unknown field at the same place is one of them misspelt (that line then
     * says {@code (did you mean 'a'?)}). Other problems pass unchanged.
     */
    static List<String> oneLinePerMistake(List<String> problems) {
        int size = problems.size();
        String[] at = new String[size];
        String[] message = new String[size];
        for (int i = 0; i < size; i++) {
            Matcher line = LINE.matcher(problems.get(i));
            at[i] = line.matches() ? line.group(1) : null;
            message[i] = line.matches() ? line.group(2) : problems.get(i);
        }
        String[] replaced = new String[size]; // null: unchanged; "": dropped
        String[] hints = new String[size];
        for (int i = 0; i < size; i++) {
            if (at[i] == null || !ALTERNATIVES.matcher(message[i]).matches()) {
                continue;
            }
            List<String> wanted = new ArrayList<>();
            for (int b = i + 1; b < size && at[i].equals(at[b]) && BRANCH.matcher(message[b]).matches(); b++) {
                Matcher branch = BRANCH.matcher(message[b]);
                branch.matches();
                wanted.add(branch.group(1));
                replaced[b] = "";
            }
            if (wanted.isEmpty()) {
                continue;
            }
            replaced[i] = at[i] + ": needs " + (message[i].contains("one and only one") ? "exactly one" : "at least one")
                    + " of " + wanted.stream().map(w -> "'" + w + "'").collect(Collectors.joining(", "));
            for (int u = 0; u < size; u++) {
                Matcher unknown = at[i].equals(at[u]) ? UNKNOWN.matcher(message[u]) : null;
                String meant = unknown != null && unknown.matches() ? CompiledSchema.similar(unknown.group(1), wanted) : null;
                if (meant != null) {
                    hints[u] = meant;
                    replaced[i] = "";
                    break;
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Matcher unknown = at[i] == null ? null : UNKNOWN.matcher(message[i]);
            if (replaced[i] != null) {
                if (!replaced[i].isEmpty()) {
                    out.add(replaced[i]);
                }
            } else if (unknown != null && unknown.matches()) {
                out.add(JsonPathText.key(at[i], unknown.group(1)) + ": unknown field"
                        + (hints[i] == null ? "" : " (did you mean '" + hints[i] + "'?)"));
            } else {
                out.add(problems.get(i));
            }
        }
        return out;
    }
}
