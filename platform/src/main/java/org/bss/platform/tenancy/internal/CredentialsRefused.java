package org.bss.platform.tenancy.internal;

import java.io.IOException;
import jakarta.servlet.http.HttpServletResponse;
import org.bss.platform.web.ProblemWriter;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;

/**
 * Credentials that are genuine but may not act now: their tenant is not registered or is disabled (403), or it
 * cannot be checked right now (503). The entry point answers with this problem instead of 401.
 */
final class CredentialsRefused extends AuthenticationException {

    static final String UNKNOWN_TENANT = "unknown-tenant";
    static final String TENANT_DISABLED = "tenant-disabled";

    private final transient ProblemDetail problem;

    private CredentialsRefused(ProblemDetail problem) {
        super(problem.getDetail());
        this.problem = problem;
    }

    static CredentialsRefused unknownTenant(String tenantId) {
        return new CredentialsRefused(Problems.of(HttpStatus.FORBIDDEN, UNKNOWN_TENANT, "Unknown tenant",
                "The credentials name tenant '" + tenantId + "', which is not registered."));
    }

    static CredentialsRefused disabled(String tenantId) {
        return new CredentialsRefused(Problems.of(HttpStatus.FORBIDDEN, TENANT_DISABLED, "Tenant disabled",
                "Tenant '" + tenantId + "' is disabled."));
    }

    static CredentialsRefused unavailable() {
        return new CredentialsRefused(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE,
                "Credentials cannot be checked now", "The credentials cannot be checked right now. Retry later."));
    }

    void writeTo(HttpServletResponse response, ProblemWriter problems) throws IOException {
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
        }
        problems.write(response, problem);
    }
}
