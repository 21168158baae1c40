package io.devrig.plugin.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.inbox.InboxItem;
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
     * What a notification thread says. A thread about a pull request ({@code subject.url}
     * {@code .../pulls/N}) shares its item with the pull-request source: see {@link #item}.
     */
    record Thread(String id, String repository, Integer number, boolean pullRequest, String subjectType,
            String reason, boolean unread, String updatedAt, String title, String sourceUrl) {

        /** {@code pr:<owner/repo>#<n>} for a pull request, otherwise {@code notification:<thread id>}. */
        String externalId() {
            return pullRequest ? prId(repository, number) : "notification:" + id;
        }

        Thread withUnread(boolean value) {
            return new Thread(id, repository, number, pullRequest, subjectType, reason, value, updatedAt, title,
                    sourceUrl);
        }
    }

    /** What the pull-request list says about one pull request. */
    record PullRequest(String repository, int number, String title, String body, String htmlUrl, String createdAt,
            boolean draft, String author, String headSha, String headRef, String baseRef, String state,
            String updatedAt) {

        String externalId() {
            return prId(repository, number);
        }
    }

    static String prId(String repository, int number) {
        return "pr:" + repository + "#" + number;
    }

    /**
     * A notification thread, or null when it lacks what an item needs (id, title, repository).
     */
    static Thread notification(JsonNode thread, ApiBase base) {
        String id = thread.path("id").isValueNode() ? thread.path("id").asText(null) : null;
        JsonNode subject = thread.path("subject");
        String title = Json.text(subject, "title");
        String repository = Json.text(thread.path("repository"), "full_name");
        if (id == null || id.isBlank() || title == null || title.isBlank() || repository == null) {
            return null;
        }
        Subject s = subject(Json.text(subject, "url"), base);
        String repoHtml = httpUrl(Json.text(thread.path("repository"), "html_url"));
        String sourceUrl = s != null && s.htmlUrl != null ? s.htmlUrl
                : repoHtml != null ? repoHtml : base.webBase() + "/" + repository;
        boolean pullRequest = s != null && "pull".equals(s.kind) && s.number != null;
        return new Thread(id, repository, s == null ? null : s.number, pullRequest, Json.text(subject, "type"),
                Json.text(thread, "reason"), thread.path("unread").asBoolean(false), Json.text(thread, "updated_at"),
                truncate(title, MAX_TITLE), sourceUrl);
    }

    /** A pull request of {@code repository}, or null when it lacks a number or title. */
    static PullRequest pullRequest(JsonNode pr, RepositoryName repository, ApiBase base) {
        JsonNode numberNode = pr.path("number");
        String title = Json.text(pr, "title");
        if (!numberNode.canConvertToInt() || numberNode.asInt() < 1 || title == null || title.isBlank()) {
            return null;
        }
        int number = numberNode.asInt();
        String html = httpUrl(Json.text(pr, "html_url"));
        String text = Json.text(pr, "body");
        return new PullRequest(repository.fullName(), number, truncate(title, MAX_TITLE),
                text == null || text.isBlank() ? null : truncate(text, MAX_BODY),
                html != null ? html : base.webBase() + "/" + repository.fullName() + "/pull/" + number,
                Json.text(pr, "created_at"), pr.path("draft").asBoolean(false), Json.text(pr.path("user"), "login"),
                Json.text(pr.path("head"), "sha"), Json.text(pr.path("head"), "ref"), Json.text(pr.path("base"), "ref"),
                Json.text(pr, "state"), Json.text(pr, "updated_at"));
    }

    /**
     * The item of a thing, from what either source or both know of it (one may be null, not both).
     * A pull request's fields come from the list (title, description, link, draft, head, state);
     * a thread adds its {@code reason}, {@code threadId}, {@code subjectType}, {@code unread} and
     * {@code threadUpdatedAt}, and may raise the priority. The result depends only on the two
     * parts, so either source re-storing it leaves it unchanged.
     */
    static InboxItemInput item(String externalId, PullRequest pr, Thread thread) {
        if (pr == null) {
            return threadItem(externalId, thread);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("dataSourceId", PULL_REQUESTS);
        metadata.put("repository", pr.repository());
        metadata.put("number", pr.number());
        metadata.put("draft", pr.draft());
        metadata.put("author", pr.author());
        metadata.put("headSha", pr.headSha());
        metadata.put("headRef", pr.headRef());
        metadata.put("baseRef", pr.baseRef());
        metadata.put("state", pr.state());
        metadata.put("updatedAt", pr.updatedAt());
        String preview = pr.repository() + " #" + pr.number() + (pr.author() == null ? "" : " by " + pr.author())
                + (pr.baseRef() == null ? "" : " → " + pr.baseRef()) + (pr.draft() ? " · draft" : "");
        Priority priority = pr.draft() ? Priority.LOW : Priority.NORMAL;
        boolean actionable = !pr.draft();
        if (thread != null) {
            metadata.put("reason", thread.reason());
            metadata.put("threadId", thread.id());
            metadata.put("subjectType", thread.subjectType());
            metadata.put("unread", thread.unread());
            metadata.put("threadUpdatedAt", thread.updatedAt());
            preview += " · " + reasonText(thread.reason());
            Priority p = priority(thread.reason());
            priority = p.ordinal() < priority.ordinal() ? p : priority;
            actionable |= p == Priority.HIGH;
        }
        return new InboxItemInput(externalId, PR_TYPE, pr.title(), pr.body(), truncate(preview, MAX_PREVIEW),
                pr.htmlUrl(), priority, actionable, metadata, pr.createdAt());
    }

    private static InboxItemInput threadItem(String externalId, Thread t) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("dataSourceId", NOTIFICATIONS);
        metadata.put("repository", t.repository());
        if (t.number() != null) {
            metadata.put("number", t.number());
        }
        metadata.put("reason", t.reason());
        metadata.put("threadId", t.id());
        metadata.put("subjectType", t.subjectType());
        metadata.put("unread", t.unread());
        metadata.put("updatedAt", t.updatedAt());

        String reasonText = reasonText(t.reason());
        String preview = truncate(t.repository() + (t.number() != null ? " #" + t.number() : "") + " · "
                + reasonText, MAX_PREVIEW);
        String body = "**" + t.repository() + "** · " + reasonText + (t.subjectType() == null ? "" : " · "
                + t.subjectType()) + "\n\n" + t.title();
        Priority priority = priority(t.reason());
        return new InboxItemInput(externalId, snakeType(t.subjectType()), t.title(), truncate(body, MAX_BODY),
                preview, t.sourceUrl(), priority, priority == Priority.HIGH, metadata, t.updatedAt());
    }

    private static String reasonText(String reason) {
        return reason == null ? "notification" : reason.replace('_', ' ');
    }

    /** The pull-request part of a stored item, or null when the pull-request list never stored it. */
    static PullRequest pullRequestOf(InboxItem item) {
        Map<String, Object> m = item.metadata();
        if (!PULL_REQUESTS.equals(m.get("dataSourceId")) || !(m.get("repository") instanceof String repo)
                || !(m.get("number") instanceof Number n)) {
            return null;
        }
        return new PullRequest(repo, n.intValue(), item.title(), item.body(), item.sourceUrl(),
                item.externalCreatedAt(), Boolean.TRUE.equals(m.get("draft")), text(m, "author"), text(m, "headSha"),
                text(m, "headRef"), text(m, "baseRef"), text(m, "state"), text(m, "updatedAt"));
    }

    /** The thread part of a stored item, or null when no notification thread stored it. */
    static Thread threadOf(InboxItem item) {
        Map<String, Object> m = item.metadata();
        if (!(m.get("threadId") instanceof String id) || !(m.get("repository") instanceof String repo)) {
            return null;
        }
        Integer number = m.get("number") instanceof Number n ? n.intValue() : null;
        boolean merged = PULL_REQUESTS.equals(m.get("dataSourceId"));
        return new Thread(id, repo, number, item.externalId().startsWith("pr:"), text(m, "subjectType"),
                text(m, "reason"), !Boolean.FALSE.equals(m.get("unread")), text(m, merged ? "threadUpdatedAt" : "updatedAt"),
                item.title(), item.sourceUrl());
    }

    private static String text(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? s : null;
    }

    /** What a subject's API URL points at on the web, and its number. */
    record Subject(String htmlUrl, Integer number, String kind) {
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
        return new Subject(base.webBase() + "/" + p[2] + "/" + p[3] + "/" + kind + "/" + p[5], number, kind);
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
