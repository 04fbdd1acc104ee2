package org.bss.platform.tenancy.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.bss.platform.tenancy.IssuedKey;
import org.bss.platform.tenancy.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On the embedded default (devservices run PostgreSQL) a demo tenant and API key exist. The key is kept in
 * the data folder so that it stays the same from run to run, and is printed to the console, not to the log.
 */
@Component
@ConditionalOnProperty(name = {"bss.devservices.postgresql", "bss.demo.enabled"}, havingValue = "true", matchIfMissing = false)
class DemoTenant {

    static final String TENANT = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoTenant.class);

    private final JdbcTenants tenants;
    private final Path keyFile;

    DemoTenant(JdbcTenants tenants, @Value("${bss.devservices.data-dir}") Path dataDir) {
        this.tenants = tenants;
        this.keyFile = dataDir.resolve("demo-api-key");
    }

    @EventListener
    void ensureDemoTenant(ApplicationReadyEvent ready) throws IOException {
        String baseUrl = "http://localhost:" + ready.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
        tenants.create(TENANT, "Demo tenant");
        String secret = Files.exists(keyFile) ? Files.readString(keyFile).strip() : null;
        if (secret == null || !tenants.isValidKey(secret)) {
            IssuedKey key = tenants.issueKey(TENANT, EnumSet.of(Scope.EVENTS_WRITE, Scope.EVENTS_READ), null);
            Files.createDirectories(keyFile.getParent());
            Files.writeString(keyFile, key.secret());
            secret = key.secret();
        }
        log.info("Demo tenant '{}' is ready; its API key is in {}", TENANT, keyFile.toAbsolutePath());
        System.out.printf("%n  Demo tenant: %s%n  API key:     %s%n  Try:         curl -H 'X-API-Key: %s' '%s/api/v1/events?limit=10'%n%n",
                TENANT, secret, secret, baseUrl);
    }
}
