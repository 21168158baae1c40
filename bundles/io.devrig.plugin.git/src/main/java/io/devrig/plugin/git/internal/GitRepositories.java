package io.devrig.plugin.git.internal;

import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.plugin.sdk.PluginInbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The data source logic without OSGi: scan, read status, store items, archive clean ones. */
public final class GitRepositories {

    public static final String DATA_SOURCE_ID = "git.repositories";
    public static final String ITEM_TYPE = "repository";
    static final int PREVIEW_FILES = 5;

    private final GitCli git;
    private final Path home;

    public GitRepositories(GitCli git, Path home) {
        this.git = git;
        this.home = home;
    }

    public RepositoryState status(Path repo) {
        return RepositoryState.parse(git.runOk(repo, "status", "--porcelain=v2", "--branch"));
    }

    /** One sync: returns the number of items stored (created or updated). */
    public int sync(Map<String, ?> config, PluginInbox inbox) {
        RepositoryScanner scanner = RepositoryScanner.fromConfig(config, home);
        List<InboxItemInput> items = new ArrayList<>();
        Set<String> clean = new HashSet<>();
        for (Path repo : scanner.scan()) {
            RepositoryState state;
            try {
                state = status(repo);
            } catch (RuntimeException e) {
                continue; // a broken repository must not stop the others; it stays as it was
            }
            if (AttentionRule.needsAttention(state)) {
                items.add(item(repo, state));
            } else {
                clean.add(repo.toString());
            }
        }
        int stored = 0;
        if (!items.isEmpty()) {
            var result = inbox.storeItems(items);
            stored = result.created() + result.updated() + result.unchanged();
        }
        // archive our open items whose repository is clean again (or gone from the roots)
        Set<String> attention = new HashSet<>();
        items.forEach(i -> attention.add(i.externalId()));
        List<String> toArchive = new ArrayList<>();
        for (InboxItem open : openItems(inbox)) {
            if (!attention.contains(open.externalId())
                    && (clean.contains(open.externalId()) || !Path.of(open.externalId()).toFile().isDirectory())) {
                toArchive.add(open.externalId());
            }
        }
        if (!toArchive.isEmpty()) {
            inbox.archive(toArchive);
        }
        return stored;
    }

    private static List<InboxItem> openItems(PluginInbox inbox) {
        List<InboxItem> all = new ArrayList<>();
        InboxQuery query = InboxQuery.all().withTypes(List.of(ITEM_TYPE))
                .withStatuses(List.of(InboxStatus.UNREAD, InboxStatus.READ, InboxStatus.SNOOZED));
        for (int offset = 0; offset < 10_000; offset += 500) {
            List<InboxItem> page = inbox.queryItems(query.withPage(500, offset));
            all.addAll(page);
            if (page.size() < 500) {
                break;
            }
        }
        return all;
    }

    static InboxItemInput item(Path repo, RepositoryState s) {
        String name = repo.getFileName() == null ? repo.toString() : repo.getFileName().toString();
        String summary = AttentionRule.summary(s);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("dataSourceId", DATA_SOURCE_ID);
        meta.put("path", repo.toString());
        meta.put("branch", s.branch());
        meta.put("upstream", s.upstream());
        meta.put("ahead", s.ahead());
        meta.put("behind", s.behind());
        meta.put("changes", s.changes().size());
        meta.put("detached", s.detached());
        String where = s.detached() ? "detached at " + abbrev(s.head()) : "on " + s.branch();
        StringBuilder body = new StringBuilder(repo + " (" + where + "): " + summary + ".");
        if (s.dirty()) {
            body.append("\nChanged:");
            s.changes().stream().limit(20).forEach(c -> body.append("\n  ").append(c));
            if (s.changes().size() > 20) {
                body.append("\n  … and ").append(s.changes().size() - 20).append(" more");
            }
        }
        String preview = truncate(where + ": " + summary, 280);
        return new InboxItemInput(repo.toString(), ITEM_TYPE, truncate(name + ": " + summary, 200), body.toString(),
                preview, null, AttentionRule.priority(s), Boolean.TRUE, meta, null);
    }

    private static String abbrev(String oid) {
        return oid == null ? "?" : oid.substring(0, Math.min(10, oid.length()));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
