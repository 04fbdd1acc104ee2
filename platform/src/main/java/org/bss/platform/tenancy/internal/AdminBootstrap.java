package org.bss.platform.tenancy.internal;

import java.util.EnumSet;
import org.bss.platform.tenancy.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The first admin key comes from configuration ({@code bss.admin.bootstrap-key}, e.g. from a secret store):
 * the operators' tenant and that key (its hash) are made to exist at start-up.
 */
@Component
class AdminBootstrap {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final JdbcTenants tenants;
    private final String bootstrapKey;

    AdminBootstrap(JdbcTenants tenants, AdminProperties settings) {
        this.tenants = tenants;
        this.bootstrapKey = settings.bootstrapKey() == null ? "" : settings.bootstrapKey();
    }

    @EventListener(ApplicationReadyEvent.class)
    void ensureAdminKey() {
        tenants.create(TenantAdmin.PLATFORM, "Platform operators");
        if (bootstrapKey.isBlank()) {
            return;
        }
        if (!ApiKeySecrets.looksLikeKey(bootstrapKey)) {
            throw new IllegalStateException("bss.admin.bootstrap-key must be 'bss_' and 43 base64url characters "
                    + "(32 random bytes); generate one with: echo bss_$(head -c 32 /dev/urandom | basenc --base64url | tr -d =)");
        }
        if (tenants.storeKeyOnce(TenantAdmin.PLATFORM, bootstrapKey, EnumSet.of(Scope.ADMIN))) {
            log.info("Registered the configured admin key (bss.admin.bootstrap-key) for tenant '{}'", TenantAdmin.PLATFORM);
        }
    }
}
