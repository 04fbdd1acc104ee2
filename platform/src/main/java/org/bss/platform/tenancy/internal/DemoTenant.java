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
@ConditionalOnProperty(name = "bss.devservices.postgresql", havingValue = "true")
class DemoTenant {

    static final String TENANT = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoTenant.class);

    private final JdbcTenants tenants;
    private final Path keyFile;
    private final Path adminKeyFile;
    private final boolean enabled;

    DemoTenant(JdbcTenants tenants, DemoProperties settings, @Value("${bss.devservices.data-dir}") Path dataDir) {
        this.tenants = tenants;
        this.enabled = settings.enabled();
        this.keyFile = dataDir.resolve("demo-api-key");
        this.adminKeyFile = dataDir.resolve("admin-api-key");
    }

    @EventListener
    void ensureDemoTenant(ApplicationReadyEvent ready) throws IOException {
        if (!enabled) {
            return;
        }
        String baseUrl = "http://localhost:" + ready.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
        tenants.create(TENANT, "Demo tenant");
        String secret = keyIn(keyFile, TENANT, EnumSet.of(Scope.EVENTS_WRITE, Scope.EVENTS_READ, Scope.SCHEMAS_WRITE));
        tenants.create(TenantAdmin.PLATFORM, "Platform operators");
        String admin = keyIn(adminKeyFile, TenantAdmin.PLATFORM, EnumSet.of(Scope.ADMIN));
        log.info("Demo tenant '{}' is ready; its API key is in {}, an admin key in {}", TENANT, keyFile.toAbsolutePath(),
                adminKeyFile.toAbsolutePath());
        System.out.printf("%n  Demo tenant: %s%n  API key:     %s%n  Admin key:   %s%n  Try:         curl -H 'X-API-Key: %s' '%s/api/v1/events?limit=10'%n%n",
                TENANT, secret, admin, secret, baseUrl);
    }

    /** The key kept in the file, or a new one (written there) when there is none or it is no longer valid. */
    private String keyIn(Path file, String tenant, java.util.Set<Scope> scopes) throws IOException {
        String secret = Files.exists(file) ? Files.readString(file).strip() : null;
        if (secret == null || !tenants.isValidKey(secret)) {
            IssuedKey key = tenants.issueKey(tenant, scopes, null);
            Files.createDirectories(file.getParent());
            Files.writeString(file, key.secret());
            secret = key.secret();
        }
        return secret;
    }
}
