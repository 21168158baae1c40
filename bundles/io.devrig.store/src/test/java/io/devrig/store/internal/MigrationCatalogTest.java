package io.devrig.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationCatalogTest {

    @Test
    void theIndexListsEveryShippedScriptInOrder() throws Exception {
        Path folder = Path.of("src/main/resources", MigrationCatalog.DEFAULT_FOLDER);
        List<String> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
        MigrationCatalog catalog = MigrationCatalog.load(getClass().getClassLoader(), MigrationCatalog.DEFAULT_FOLDER);
        assertThat(catalog.migrations()).extracting(Migration::name).containsExactlyElementsOf(files);
        assertThat(catalog.latestVersion()).isEqualTo(files.size());
    }

    @Test
    void gapsAreRefused() {
        assertThatThrownBy(() -> MigrationCatalog.of(List.of(new Migration(1, "0001_a.sql", ""),
                new Migration(3, "0003_c.sql", "")))).hasMessageContaining("should be version 2");
    }

    @Test
    void pendingAfterReturnsTheTail() {
        MigrationCatalog catalog = MigrationCatalog.of(List.of(new Migration(1, "0001_a.sql", "a"),
                new Migration(2, "0002_b.sql", "b"), new Migration(3, "0003_c.sql", "c")));
        assertThat(catalog.pendingAfter(0)).hasSize(3);
        assertThat(catalog.pendingAfter(1)).extracting(Migration::version).containsExactly(2, 3);
        assertThat(catalog.pendingAfter(3)).isEmpty();
        assertThat(catalog.pendingAfter(7)).isEmpty();
    }
}
