package io.devrig.plugin.guard.internal;

import io.devrig.plugin.guard.PreApprovals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** The guard's bookkeeping without a framework: admissions, pre-approvals, package list, refusals. */
class GuardPartsTest {

    @TempDir
    Path tmp;

    @Test
    void admissionsRoundTripThroughTheirFileAndLeaveNoTemporaryFile() {
        AdmissionStore store = new AdmissionStore(tmp.resolve("guard/admissions.properties"));
        assertThat(store.load()).isEmpty();
        store.save(Map.of("acme.tracker", Set.of("network:direct", "process:git"), "odd=id", Set.of()));
        assertThat(store.load()).isEqualTo(Map.of("acme.tracker", Set.of("network:direct", "process:git"), "odd=id", Set.of()));
        assertThat(tmp.resolve("guard/admissions.properties.tmp")).doesNotExist();
    }

    @Test
    void aNewGuardStartsWithTheAdmissionsOfTheLast() {
        Path file = tmp.resolve("admissions.properties");
        Guard first = new Guard(context(Map.of()), new AdmissionStore(file), () -> PreApprovals.NONE);
        first.admit("acme.tracker", Set.of("files:read"));
        first.admit("acme.other", Set.of());
        first.bar("acme.other");
        Guard second = new Guard(context(Map.of()), new AdmissionStore(file), () -> PreApprovals.NONE);
        assertThat(second.admitted("acme.tracker")).isTrue();
        assertThat(second.granted("acme.tracker")).containsExactly("files:read");
        assertThat(second.admitted("acme.other")).isFalse();
    }

    @Test
    void anUnreadableAdmissionsFileMeansNoAdmissionsNotNoGuard() throws Exception {
        Path file = Files.writeString(tmp.resolve("admissions.properties"), "acme.tracker=\\u12");   // a broken escape
        Guard guard = new Guard(context(Map.of()), new AdmissionStore(file), () -> PreApprovals.NONE);
        assertThat(guard.admitted("acme.tracker")).isFalse();
        guard.admit("acme.tracker", Set.of("files:read"));
        assertThat(new AdmissionStore(file).load()).containsEntry("acme.tracker", Set.of("files:read"));
    }

    @Test
    void refusalsAreKeptNewestFirstBoundedAndForgottenOnAdmission() {
        Guard guard = new Guard(context(Map.of()), new AdmissionStore(tmp.resolve("a.properties")), () -> PreApprovals.NONE);
        for (int i = 0; i < Guard.MAX_REFUSALS + 5; i++) {
            guard.refused("p", "System.exit", "Foo.run(Foo.java:" + i + ")", "refusal " + i);
        }
        List<String> refusals = guard.refusals("p");
        assertThat(refusals).hasSize(Guard.MAX_REFUSALS).startsWith("refusal " + (Guard.MAX_REFUSALS + 4));
        assertThat(guard.refusals("q")).isEmpty();
        guard.admit("p", Set.of());
        assertThat(guard.refusals("p")).isEmpty();
    }

    @Test
    void theOwnFolderIsUnderKarafDataAndDevRigsFoldersAreProtected() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Guard guard = new Guard(context(Map.of("karaf.data", data.toString(), "karaf.etc", tmp.resolve("etc").toString())),
                new AdmissionStore(tmp.resolve("a.properties")), () -> PreApprovals.NONE);
        Path own = guard.ownFolder("acme.tracker");
        assertThat(own).isEqualTo(data.toRealPath().resolve("devrig/plugins/acme.tracker"));
        assertThat(own).isDirectory();
        assertThat(guard.ownFolder("../escape")).as("an id that is no folder name").isNull();
        assertThat(guard.protectedRoots()).contains(data.toRealPath(), tmp.resolve("etc").toAbsolutePath());
    }

    @Test
    void preApprovalsAreReadAsTheHostReadsThem() {
        PreApprovals read = PreApprovals.parse("io.devrig.plugin.git=process:git, files:read; other=network:direct;");
        assertThat(read.approved("io.devrig.plugin.git")).isEqualTo(Set.of("process:git", "files:read"));
        assertThat(read.approved("other")).isEqualTo(Set.of("network:direct"));
        assertThat(read.approved("unknown")).isEmpty();
        assertThat(PreApprovals.parse(new String[] {"a=x", "a=y"}).approved("a")).isEqualTo(Set.of("x", "y"));
        assertThat(PreApprovals.parse(null).approved("a")).isEmpty();
        // a malformed value pre-approves nothing, in the guard as in the host
        assertThatThrownBy(() -> PreApprovals.parse("a=x;bad")).hasMessageContaining("'bad'");
    }

    @Test
    void theAllowedPackageListHoldsOnlyWhatPluginsMayUse() {
        PackageRules rules = new PackageRules();
        assertThat(List.of("io.devrig.api.action", "io.devrig.api.plugin.sdk", "com.fasterxml.jackson.databind.node",
                "org.slf4j", "org.osgi.service.event", "javax.servlet.http", "io.devrig.plugin.guard.runtime"))
                .allMatch(rules::listed);
        assertThat(List.of("io.devrig.api.store", "io.devrig.api.queue", "io.devrig.api.plugin", "io.devrig.api.plugin.data",
                "io.devrig.api.flow", "io.devrig.api.health", "io.devrig.store.internal", "org.osgi.service.cm",
                "org.osgi.service.component", "org.osgi.framework", "org.sqlite", "org.apache.karaf.shell.api.action",
                "com.fasterxml.jacksonx", "org.slf4j.spi"))
                .noneMatch(rules::listed);
        rules.extra(PackageRules.parseList("org.acme.*, org.osgi.service.log"));
        assertThat(rules.listed("org.acme.util")).isTrue();
        assertThat(rules.listed("org.osgi.service.log")).isTrue();
        assertThat(rules.describe()).contains("org.acme.*");
    }

    @Test
    void descriptorsAreReadByASmallStrictJsonReader() {
        Object json = MiniJson.parse("{\"name\":\"a\",\"permissions\":[\"process:git\",\"files:read\"],"
                + "\"n\":1.5e2,\"ok\":true,\"none\":null,\"s\":\"q\\\"\\u0041\"}");
        assertThat(json).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) json).get("permissions")).isEqualTo(List.of("process:git", "files:read"));
        assertThat(((Map<?, ?>) json).get("s")).isEqualTo("q\"A");
        assertThatThrownBy(() -> MiniJson.parse("{\"permissions\":[\"a\",]}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MiniJson.parse("{\"a\":1} x")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Only getProperty is asked of the context by Guard's constructor and bookkeeping. */
    static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(GuardPartsTest.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> method.getName().equals("getProperty") ? properties.get((String) args[0]) : null);
    }
}
