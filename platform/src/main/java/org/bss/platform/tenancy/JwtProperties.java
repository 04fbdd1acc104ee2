package org.bss.platform.tenancy;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * OpenID Connect providers whose JWT bearer tokens the API accepts. None configured: API keys only.
 *
 * @param tenantClaim the claim that names the caller's tenant
 * @param issuers     the trusted issuers; a token's {@code iss} picks one, any other issuer is refused
 */
@ConfigurationProperties(prefix = "bss.security.jwt")
public record JwtProperties(@DefaultValue("tenant_id") String tenantClaim, @DefaultValue List<Issuer> issuers) {

    /**
     * @param issuer    the {@code iss} value, also where OIDC discovery is done when no JWK set URI is given
     * @param jwkSetUri where the issuer's signing keys are
     * @param audience  when set, tokens must name it in {@code aud}
     * @param provisionTenants when true, a token naming a tenant that does not exist creates it (audited); else
     *                  such a token is refused (403)
     */
    public record Issuer(String issuer, String jwkSetUri, String audience, boolean provisionTenants) {
    }
}
