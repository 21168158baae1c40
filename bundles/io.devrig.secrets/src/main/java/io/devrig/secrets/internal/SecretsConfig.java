package io.devrig.secrets.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the secret vault, PID {@code io.devrig.secrets} (etc/io.devrig.secrets.cfg). */
@ObjectClassDefinition(name = "DevRig secret vault",
        description = "Where the vault's AES-256 key is kept. The environment variable DEVRIG_SECRETS_KEY "
                + "(base64 of 32 bytes), when set, wins over the key file.")
public @interface SecretsConfig {

    @AttributeDefinition(name = "Key file",
            description = "File holding the key (base64, mode 0600), created at first start. Empty: "
                    + "devrig-secrets.key in the Karaf etc folder, outside data/ so that a copy of the database "
                    + "and its backups does not carry the key.")
    String keyFile() default "";
}
