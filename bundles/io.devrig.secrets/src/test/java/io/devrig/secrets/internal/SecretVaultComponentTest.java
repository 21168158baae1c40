package io.devrig.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.health.HealthStatus;
import io.devrig.api.secrets.SecretInfo;
import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** The DS shell, with a stand-in BundleContext and configuration (no framework). */
class SecretVaultComponentTest {

    @TempDir
    Path dir;
    VaultFixture f;

    @BeforeEach
    void setUp() {
        f = new VaultFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static BundleContext context(Map<String, String> properties, Path dataArea) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getDataFile" -> dataArea == null ? null : dataArea.resolve((String) args[0]).toFile();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static SecretsConfig config(String keyFile) {
        return (SecretsConfig) Proxy.newProxyInstance(SecretsConfig.class.getClassLoader(),
                new Class<?>[] {SecretsConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "keyFile" -> keyFile;
                    case "annotationType" -> SecretsConfig.class;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theKeyFileIsConfiguredElseInKarafEtcElseInTheDataArea() {
        Path etc = dir.resolve("etc");
        Path data = dir.resolve("bundle-data");
        assertThat(SecretVaultComponent.keyFile(context(Map.of("karaf.etc", etc.toString()), data), config("")))
                .isEqualTo(etc.resolve("devrig-secrets.key"));
        assertThat(SecretVaultComponent.keyFile(context(Map.of(), data), config(" ")))
                .isEqualTo(new File(data.toFile(), "devrig-secrets.key").toPath());
        assertThat(SecretVaultComponent.keyFile(context(Map.of("karaf.etc", etc.toString()), data),
                config("/srv/keys/vault.key"))).isEqualTo(Path.of("/srv/keys/vault.key"));
    }

    @Test
    void publishesTheVaultAndItsHealth() {
        Path etc = dir.resolve("karaf-etc");
        SecretVaultComponent component = new SecretVaultComponent(context(Map.of("karaf.etc", etc.toString()), null),
                f.db, config(""), Map.of());
        Path keyFile = etc.resolve("devrig-secrets.key").toAbsolutePath();
        assertThat(keyFile).as("created at activation").exists();
        assertThat(component.name()).isEqualTo("secrets");
        assertThat(component.check().status()).isEqualTo(HealthStatus.UP);
        assertThat(component.check().message()).isEqualTo("0 secrets, key from file " + keyFile);

        component.put("svc/token", "svc", "token-value".toCharArray());
        assertThat(component.get("svc/token").orElseThrow().reveal()).isEqualTo("token-value");
        assertThat(component.list()).extracting(SecretInfo::name).containsExactly("svc/token");
        assertThat(component.rotateKey()).isEqualTo(1);
        assertThat(component.get("svc/token").orElseThrow().reveal()).isEqualTo("token-value");
        assertThat(component.delete("svc/token")).isTrue();
        assertThat(component.toString()).isEqualTo("SecretVaultComponent[file " + keyFile + "]");
    }

    @Test
    void theEnvironmentVariableWinsOverTheKeyFile() {
        Path etc = dir.resolve("karaf-etc");
        SecretVaultComponent component = new SecretVaultComponent(context(Map.of("karaf.etc", etc.toString()), null),
                f.db, config(""), Map.of(KeySource.ENVIRONMENT_VARIABLE, VaultFixture.randomKeyBase64()));
        assertThat(component.check().message()).isEqualTo("0 secrets, key from environment");
        assertThat(etc.resolve("devrig-secrets.key")).doesNotExist();
    }
}
