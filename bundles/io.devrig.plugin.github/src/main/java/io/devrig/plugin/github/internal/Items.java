package io.devrig.plugin.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.Priority;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns GitHub's notification threads and pull requests into inbox items. */
final class Items {

    static final String NOTIFICATIONS = "github.notifications";
    static final String PULL_REQUESTS = "github.pull_requests";
    static final String PR_TYPE = "pull_request";

    /** Reasons that ask something of the user: high priority and actionable. */
    static final Set<String> HIGH_REASONS = Set.of("review_requested", "mention", "team_mention", "assign",
            "approval_requested", "security_alert");
    /** Reasons the user only follows along: low priority. */
    static final Set<String> LOW_REASONS = Set.of("subscribed", "ci_activity");

    static final int MAX_TITLE = 500;
    static final int MAX_PREVIEW = 280;
    static final int MAX_BODY = 100_000;

    private Items() {
    }

    /** The priority of a notification by its reason (see the README's rule). */
    static Priority priority(String reason) {
        if (reason != null && HIGH_REASONS.contains(reason)) {
            return Priority.HIGH;
        }
        if (reason != null && LOW_REASONS.contains(reason)) {
            return Priority.LOW;
        }
        return Priority.NORMAL;
    }

    /** {@code PullRequest} → {@code pull_request}; anything unusable → {@code notification}. */
    static String snakeType(String subjectType) {
        if (subjectType == null) {
            return "notification";
        }
        String s = subjectType.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9]+", "_")
                .toLowerCase(Locale.ROOT).replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "notification" : truncate(s, 100);
    }

    /**
     * A notification thread as an item, or null when it lacks what an item needs (id, title,
     * repository).
     */
    static InboxItemInput notification(JsonNode thread, ApiBase base) {
        String id = thread.path("id").isValueNode() ? thread.path("id").asText(null) : null;
        JsonNode subject = thread.path("subject");
        String title = Json.text(subject, "title");
        String repository = Json.text(thread.path("repository"), "full_name");
        if (id == null || id.isBlank() || title == null || title.isBlank() || repository == null) {
            return null;
        }
        String reason = Json.text(thread, "reason");
        String subjectType = Json.text(subject, "type");
        String updatedAt = Json.text(thread, "updated_at");
        Subject s = subject(Json.text(subject, "url"), base);
        String repoHtml = httpUrl(Json.text(thread.path("repository"), "html_url"));
        String sourceUrl = s != null && s.htmlUrl != null ? s.htmlUrl
                : repoHtml != null ? repoHtml : base.webBase() + "/" + repository;

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("dataSourceId", NOTIFICATIONS);
        metadata.put("repository", repository);
        if (s != null && s.number != null) {
            metadata.put("number", s.number);
        }
        metadata.put("reason", reason);
        metadata.put("threadId", id);
        metadata.put("subjectType", subjectType);
        metadata.put("unread", thread.path("unread").asBoolean(false));
        metadata.put("updatedAt", updatedAt);

        String reasonText = reason == null ? "notification" : reason.replace('_', ' ');
        String preview = truncate(repository + (s != null && s.number != null ? " #" + s.number : "") + " · "
                + reasonText, MAX_PREVIEW);
        String body = "**" + repository + "** · " + reasonText + (subjectType == null ? "" : " · " + subjectType)
                + "\n\n" + title;
        Priority priority = priority(reason);
        return new InboxItemInput("notification:" + id, snakeType(subjectType), truncate(title, MAX_TITLE),
                truncate(body, MAX_BODY), preview, sourceUrl, priority, priority == Priority.HIGH, metadata,
                updatedAt);
    }

    /** A pull request of {@code repository} as an item, or null when it lacks a number or title. */
    static InboxItemInput pullRequest(JsonNode pr, RepositoryName repository, ApiBase base) {
        JsonNode numberNode = pr.path("number");
        String title = Json.text(pr, "title");
        if (!numberNode.canConvertToInt() || numberNode.asInt() < 1 || title == null || title.isBlank()) {
            return null;
        }
        int number = numberNode.asInt();
        boolean draft = pr.path("draft").asBoolean(false);
        String author = Json.text(pr.path("user"), "login");
        String headSha = Json.text(pr.path("head"), "sha");
        String baseRef = Json.text(pr.path("base"), "ref");
        String headRef = Json.text(pr.path("head"), "ref");
        String html = httpUrl(Json.text(pr, "html_url"));

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("dataSourceId", PULL_REQUESTS);
        metadata.put("repository", repository.fullName());
        metadata.put("number", number);
        metadata.put("draft", draft);
        metadata.put("author", author);
        metadata.put("headSha", headSha);
        metadata.put("headRef", headRef);
        metadata.put("baseRef", baseRef);
        metadata.put("state", Json.text(pr, "state"));
        metadata.put("updatedAt", Json.text(pr, "updated_at"));

        String preview = truncate(repository.fullName() + " #" + number + (author == null ? "" : " by " + author)
                + (baseRef == null ? "" : " → " + baseRef) + (draft ? " · draft" : ""), MAX_PREVIEW);
        String text = Json.text(pr, "body");
        return new InboxItemInput("pr:" + repository.fullName() + "#" + number, PR_TYPE, truncate(title, MAX_TITLE),
                text == null || text.isBlank() ? null : truncate(text, MAX_BODY), preview,
                html != null ? html : base.webBase() + "/" + repository.fullName() + "/pull/" + number,
                draft ? Priority.LOW : Priority.NORMAL, !draft, metadata, Json.text(pr, "created_at"));
    }

    /** What a subject's API URL points at on the web, and its number. */
    record Subject(String htmlUrl, Integer number) {
    }

    /**
     * {@code <api>/repos/o/r/pulls/5} → {@code <web>/o/r/pull/5} (issues, commits and discussions
     * alike); null when the URL is not under the API base or of a kind the web has no page for.
     */
    static Subject subject(String apiUrl, ApiBase base) {
        if (apiUrl == null) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(apiUrl);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!base.contains(uri)) {
            return null;
        }
        String[] p = base.endpoint(uri).split("/");
        // "", "repos", owner, repo, kind, id
        if (p.length < 6 || !p[1].equals("repos")) {
            return null;
        }
        String kind = switch (p[4]) {
            case "pulls" -> "pull";
            case "issues" -> "issues";
            case "commits" -> "commit";
            case "discussions" -> "discussions";
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        Integer number = null;
        if (!kind.equals("commit")) {
            try {
                number = Integer.valueOf(p[5]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        // the segments are still percent-encoded, as a URL needs them
        return new Subject(base.webBase() + "/" + p[2] + "/" + p[3] + "/" + kind + "/" + p[5], number);
    }

    private static String httpUrl(String s) {
        if (s == null) {
            return null;
        }
        try {
            URI u = URI.create(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && u.getHost() != null && s.length() <= 2048
                    ? s : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** At most {@code max} code points. */
    static String truncate(String s, int max) {
        if (s == null || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
