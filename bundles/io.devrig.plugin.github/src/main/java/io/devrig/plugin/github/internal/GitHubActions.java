package io.devrig.plugin.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The three actions without OSGi. Each input is checked here as well as by the registry's
 * schema check (a flow may call the executor with any map), then turned into exactly one
 * request whose URL is built from validated, encoded segments.
 */
final class GitHubActions {

    static final String COMMENT = "github.comment";
    static final String CREATE_ISSUE = "github.create_issue";
    static final String MERGE = "github.merge_pr";

    static final int MAX_BODY = 65_536;
    static final int MAX_TITLE = 1024;
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]{0,99})");
    private static final Set<String> MERGE_METHODS = Set.of("merge", "squash", "rebase");

    private final GitHubClient client;
    private final ApiBase base;

    GitHubActions(GitHubClient client, ApiBase base) {
        this.client = client;
        this.base = base;
    }

    /** One request an action makes. */
    record Call(String type, String method, URI uri, ObjectNode body, RepositoryName repository, Integer number) {
    }

    /** Validates the input of {@code type} and plans its request (nothing is sent). */
    Call plan(String type, Object input) {
        Map<String, Object> in = object(input);
        return switch (type) {
            case COMMENT -> {
                known(in, "repository", "number", "body");
                RepositoryName repo = RepositoryName.parse(in.get("repository"), "$.repository");
                int number = number(in.get("number"), "$.number");
                ObjectNode body = Json.object().put("body", text(in.get("body"), "$.body", MAX_BODY, true));
                yield new Call(type, "POST", base.resolve(null, "repos", repo.owner(), repo.name(), "issues",
                        Integer.toString(number), "comments"), body, repo, number);
            }
            case CREATE_ISSUE -> {
                known(in, "repository", "title", "body", "labels", "assignees");
                RepositoryName repo = RepositoryName.parse(in.get("repository"), "$.repository");
                ObjectNode body = Json.object().put("title", text(in.get("title"), "$.title", MAX_TITLE, true));
                String text = text(in.get("body"), "$.body", MAX_BODY, false);
                if (text != null) {
                    body.put("body", text);
                }
                List<String> labels = strings(in.get("labels"), "$.labels", 100, null);
                if (labels != null) {
                    body.set("labels", array(labels));
                }
                List<String> assignees = strings(in.get("assignees"), "$.assignees", 10, LOGIN);
                if (assignees != null) {
                    body.set("assignees", array(assignees));
                }
                yield new Call(type, "POST", base.resolve(null, "repos", repo.owner(), repo.name(), "issues"), body,
                        repo, null);
            }
            case MERGE -> {
                known(in, "repository", "number", "mergeMethod", "commitTitle", "commitMessage", "sha");
                RepositoryName repo = RepositoryName.parse(in.get("repository"), "$.repository");
                int number = number(in.get("number"), "$.number");
                Object method = in.get("mergeMethod");
                if (!(method instanceof String m) || !MERGE_METHODS.contains(m)) {
                    throw GitHubErrors.invalid("$.mergeMethod: required, one of merge, squash, rebase");
                }
                ObjectNode body = Json.object().put("merge_method", (String) method);
                String title = text(in.get("commitTitle"), "$.commitTitle", MAX_TITLE, false);
                if (title != null) {
                    body.put("commit_title", title);
                }
                String message = text(in.get("commitMessage"), "$.commitMessage", MAX_BODY, false);
                if (message != null) {
                    body.put("commit_message", message);
                }
                Object sha = in.get("sha");
                if (sha != null) {
                    if (!(sha instanceof String s) || !SHA.matcher(s).matches()) {
                        throw GitHubErrors.invalid("$.sha: must be a full commit sha (40 or 64 hex digits)");
                    }
                    body.put("sha", (String) sha);
                }
                yield new Call(type, "PUT", base.resolve(null, "repos", repo.owner(), repo.name(), "pulls",
                        Integer.toString(number), "merge"), body, repo, number);
            }
            default -> throw new IllegalArgumentException("not a GitHub action: " + type);
        };
    }

    /** Sends the planned request and returns the useful fields of GitHub's answer. */
    Map<String, Object> execute(String type, Object input) {
        Call call = plan(type, input);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("repository", call.repository().fullName());
        if (type.equals(MERGE)) {
            ApiResponse r = client.exchange(base, call.method(), call.uri(), call.body(), Map.of());
            String pr = call.repository().fullName() + "#" + call.number();
            if (r.status() == 405) {
                throw GitHubErrors.permanent(GitHubErrors.NOT_MERGEABLE, "pull request " + pr + " is not mergeable"
                        + " (405 " + message(r) + ")", Map.of("endpoint", r.endpoint(), "status", 405));
            }
            if (r.status() == 409) {
                throw GitHubErrors.permanent(GitHubErrors.HEAD_CHANGED, "the head of pull request " + pr
                        + " changed: it is no longer the sha given (409 " + message(r) + "); review the new commits"
                        + " and merge again", Map.of("endpoint", r.endpoint(), "status", 409));
            }
            if (r.status() / 100 != 2) {
                throw client.failure(r);
            }
            JsonNode json = r.jsonObject();
            boolean merged = json.path("merged").asBoolean(false);
            out.put("number", call.number());
            out.put("merged", merged);
            out.put("sha", Json.text(json, "sha"));
            out.put("message", Json.text(json, "message"));
            if (merged) {
                out.put("itemUpdate", Map.of("status", "archived"));
            }
            return out;
        }
        JsonNode json = client.send(base, call.method(), call.uri(), call.body()).jsonObject();
        out.put("id", json.path("id").isNumber() ? json.path("id").asLong() : null);
        out.put("html_url", Json.text(json, "html_url"));
        if (type.equals(COMMENT)) {
            out.put("number", call.number());
            out.put("created_at", Json.text(json, "created_at"));
            // answering an item is reading it
            out.put("itemUpdate", Map.of("status", "read"));
        } else {
            out.put("number", json.path("number").isInt() ? json.path("number").asInt() : null);
            out.put("title", Json.text(json, "title"));
        }
        return out;
    }

    /** What {@link #execute} would send; validates the input, sends nothing. */
    Map<String, Object> preview(String type, Object input) {
        Call call = plan(type, input);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("preview", Boolean.TRUE);
        out.put("actionType", type);
        out.put("method", call.method());
        out.put("url", call.uri().toString());
        out.put("body", Json.toMap(call.body()));
        return out;
    }

    private static String message(ApiResponse r) {
        try {
            String m = Json.text(Json.MAPPER.readTree(r.body()), "message");
            return m == null ? "no message" : GitHubClient.clean(m);
        } catch (IOException | RuntimeException e) {
            return "no message";
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object input) {
        if (!(input instanceof Map<?, ?> map)) {
            throw GitHubErrors.invalid("$: the input must be a JSON object");
        }
        for (Object k : map.keySet()) {
            if (!(k instanceof String)) {
                throw GitHubErrors.invalid("$: the input's keys must be strings");
            }
        }
        return (Map<String, Object>) map;
    }

    private static void known(Map<String, Object> in, String... allowed) {
        Set<String> unknown = new TreeSet<>(in.keySet());
        unknown.removeAll(Set.of(allowed));
        if (!unknown.isEmpty()) {
            throw GitHubErrors.invalid("$." + unknown.iterator().next() + ": unknown field (allowed: "
                    + String.join(", ", allowed) + ")");
        }
    }

    /** A positive issue or pull request number: a JSON integer, or its digits as text (from a template). */
    static int number(Object v, String where) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            long n = ((Number) v).longValue();
            if (n >= 1 && n <= Integer.MAX_VALUE) {
                return (int) n;
            }
        } else if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 1
                && n.doubleValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        } else if (v instanceof String s && s.trim().matches("[1-9][0-9]{0,9}")) {
            long n = Long.parseLong(s.trim());
            if (n <= Integer.MAX_VALUE) {
                return (int) n;
            }
        }
        throw GitHubErrors.invalid(where + ": required, a positive issue or pull request number");
    }

    private static String text(Object v, String where, int max, boolean required) {
        if (v == null && !required) {
            return null;
        }
        if (!(v instanceof String s) || required && s.isBlank()) {
            throw GitHubErrors.invalid(where + (required ? ": required, a non-empty string" : ": must be a string"));
        }
        if (s.codePointCount(0, s.length()) > max) {
            throw GitHubErrors.invalid(where + ": at most " + max + " characters");
        }
        return s;
    }

    private static List<String> strings(Object v, String where, int maxItems, Pattern pattern) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list) || list.size() > maxItems) {
            throw GitHubErrors.invalid(where + ": must be a list of at most " + maxItems + " strings");
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || s.isBlank() || s.length() > 100
                    || pattern != null && !pattern.matcher(s).matches()) {
                throw GitHubErrors.invalid(where + "[" + i + "]: must be " + (pattern == null
                        ? "a non-empty string of at most 100 characters" : "a GitHub login"));
            }
        }
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return strings;
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }
}
