package io.devrig.flow.internal;

import io.devrig.condition.internal.ConditionEngineImpl;
import io.devrig.template.internal.TemplateEngineComponent;

final class Fixtures {

    static final ConditionEngineImpl CONDITIONS = new ConditionEngineImpl();
    static final TemplateEngineComponent TEMPLATES = new TemplateEngineComponent();
    static final DefinitionCodec CODEC = new DefinitionCodec();
    static final DefinitionValidator VALIDATOR = new DefinitionValidator(CONDITIONS, TEMPLATES);

    static final String OPEN = """
            {"type":"compare","left":{"type":"context","path":"trigger.payload.state"},
             "operator":"eq","right":{"type":"literal","value":"open"}}""";

    /** A complete, valid definition with editor data everywhere. */
    static final String FULL = """
            {
              "schemaVersion": 2,
              "id": "wf-1",
              "version": 3,
              "name": "Triage",
              "description": "Label new issues",
              "trigger": {"type": "webhook", "source": "github"},
              "entryConditions": [%s],
              "nodes": [
                {"id": "start", "type": "action", "actionType": "github.label", "pluginId": "io.devrig.github",
                 "config": {"label": "triage", "body": "Issue {{trigger.payload.title}} by {{trigger.payload.user}}",
                            "list": [1, 2.5, "x", {"y": null}]},
                 "timeoutMs": 30000,
                 "retryPolicy": {"maxAttempts": 2, "strategy": "linear", "baseDelayMs": 500, "maxDelayMs": 5000, "jitter": false, "retryOn": ["timeout"]},
                 "position": {"x": 100, "y": 40.5}, "size": {"width": 220, "height": 80}, "label": "Label it",
                 "handles": [{"id": "default", "side": "right"}],
                 "editor": {"color": "#ff0000", "collapsed": false, "notes": ["a", {"b": 1.25}]}},
                {"id": "check", "type": "condition", "config": {}, "condition": %s,
                 "position": {"x": 300, "y": 40}},
                {"id": "yes", "type": "ai", "config": {"prompt": "Summarise"}, "position": {"x": 500, "y": 0}},
                {"id": "no", "type": "junction", "config": {}, "position": {"x": 500, "y": 100}}
              ],
              "edges": [
                {"id": "e1", "source": "start", "target": "check", "label": "then",
                 "editor": {"animated": true, "points": [[1, 2], [3, 4]]}},
                {"id": "e2", "source": "check", "target": "yes", "sourceHandle": "true", "targetHandle": "default"},
                {"id": "e3", "source": "check", "target": "no", "sourceHandle": "false", "condition": %s}
              ],
              "settings": {"maxConcurrentRuns": 2, "timeoutMs": 600000,
                           "retryPolicy": {"maxAttempts": 3, "strategy": "exponential", "baseDelayMs": 1000, "maxDelayMs": 60000, "jitter": true, "retryOn": ["transient", "resource", "timeout"]},
                           "errorHandling": "skip", "executionMode": "parallel"},
              "metadata": {"owner": "ops", "tags": ["x"]},
              "createdAt": "2026-01-01T00:00:00Z",
              "updatedAt": "2026-01-02T00:00:00Z",
              "viewport": {"x": -20, "y": 10.5, "zoom": 0.75},
              "editor": {"grid": {"snap": true, "size": 16}, "theme": "dark"}
            }""".formatted(OPEN, OPEN, OPEN);

    private Fixtures() {
    }

    /** A minimal definition around the given nodes and edges JSON arrays. */
    static String def(String nodes, String edges) {
        return """
                {"schemaVersion": 1, "id": "wf", "version": 1, "name": "n", "nodes": %s, "edges": %s}"""
                .formatted(nodes, edges);
    }

    static String action(String id, String actionType) {
        return """
                {"id": "%s", "type": "action", "actionType": "%s", "config": {}, "position": {"x": 0, "y": 0}}"""
                .formatted(id, actionType);
    }

    static String edge(String id, String source, String target) {
        return """
                {"id": "%s", "source": "%s", "target": "%s"}""".formatted(id, source, target);
    }
}
