/**
 * The secret vault implementation: {@link io.devrig.secrets.internal.AesGcm} (AES-256-GCM,
 * a fresh nonce per encryption, the secret's name as associated data),
 * {@link io.devrig.secrets.internal.KeySource} with its two kinds,
 * {@link io.devrig.secrets.internal.KeyStoreFile} (etc/devrig-secrets.key, mode 0600) and
 * {@link io.devrig.secrets.internal.EnvironmentKey} ({@code DEVRIG_SECRETS_KEY}),
 * {@link io.devrig.secrets.internal.Vault} (the secrets table, the key check, rotation and
 * its crash recovery) and {@link io.devrig.secrets.internal.SecretVaultComponent}, the DS
 * component that publishes the vault and its {@code secrets} health check. No class here
 * logs, prints or puts in a message a key or a secret value. Not exported.
 */
package io.devrig.secrets.internal;
