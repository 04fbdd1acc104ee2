package org.bss.platform.tenancy.internal;

import java.util.Map;
import java.util.Optional;
import org.bss.platform.tenancy.JwtProperties;
import org.bss.platform.tenancy.Tenant;
import org.bss.platform.tenancy.TenantDirectory;
import org.bss.platform.tenancy.TenantPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every credential, API key or token of any issuer, must stand for a registered, enabled tenant. A token naming a
 * tenant that does not exist creates it only when its issuer provisions tenants; otherwise it is refused.
 */
@Component
class TenantAccess {

    private static final Logger log = LoggerFactory.getLogger(TenantAccess.class);

    private final TenantDirectory directory;
    private final JdbcTenants tenants;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    TenantAccess(TenantDirectory directory, JdbcTenants tenants, AuditLog audit, TransactionTemplate transactions) {
        this.directory = directory;
        this.tenants = tenants;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * The caller, when its tenant may act; else throws {@link CredentialsRefused}.
     *
     * @param issuer the token's issuer, or null for an API key
     */
    TenantPrincipal admit(TenantPrincipal caller, JwtProperties.Issuer issuer) {
        String tenantId = caller.tenantId();
        try {
            Optional<Tenant> tenant = directory.tenant(tenantId);
            if (tenant.isEmpty() && issuer != null && issuer.provisionTenants() && TenantIds.valid(tenantId)) {
                provision(caller, issuer.issuer());
                tenant = directory.tenant(tenantId);
            }
            if (tenant.isEmpty()) {
                throw CredentialsRefused.unknownTenant(tenantId);
            }
            if (!tenant.get().active()) {
                throw CredentialsRefused.disabled(tenantId);
            }
            return caller;
        } catch (DataAccessException e) { // not cached, and PostgreSQL cannot be asked now
            throw CredentialsRefused.unavailable();
        }
    }

    private void provision(TenantPrincipal caller, String issuer) {
        transactions.executeWithoutResult(status -> {
            if (tenants.create(caller.tenantId(), caller.tenantId())) {
                audit.record(caller, "tenant.provisioned", caller.tenantId(), Map.of("issuer", issuer));
                log.info("Tenant '{}' created on first use by a token of {}", caller.tenantId(), issuer);
            }
        });
    }
}
