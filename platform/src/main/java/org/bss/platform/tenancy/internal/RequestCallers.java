package org.bss.platform.tenancy.internal;

import java.util.Optional;
import jakarta.servlet.http.HttpServletRequest;
import org.bss.platform.tenancy.Callers;
import org.bss.platform.tenancy.JwtProperties;
import org.bss.platform.tenancy.TenantPrincipal;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.stereotype.Component;

/**
 * The checks of {@link ApiKeyAuthenticationFilter} and of the resource server's bearer tokens as plain calls, over the
 * same key cache and the same token decoders (the chain's resource server is given {@link #tokens()}).
 */
@Component
class RequestCallers implements Callers {

    private final JdbcTenants tenants;
    private final TenantAccess access;
    private final AuthenticationManagerResolver<HttpServletRequest> tokens;
    private final DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();

    RequestCallers(JdbcTenants tenants, TenantAccess access, JwtProperties jwt) {
        this.tenants = tenants;
        this.access = access;
        this.tokens = jwt.issuers().isEmpty() ? null : JwtAuthentication.resolver(jwt, access);
    }

    /** The bearer tokens' authentication, one decoder per trusted issuer; null when no issuer is trusted. */
    AuthenticationManagerResolver<HttpServletRequest> tokens() {
        return tokens;
    }

    @Override
    public Optional<TenantPrincipal> of(HttpServletRequest request) {
        String key = request.getHeader(ApiKeyAuthenticationFilter.HEADER);
        String authorization = request.getHeader("Authorization");
        try {
            if (key != null && authorization == null) {
                return key.isBlank() ? Optional.empty()
                        : tenants.authenticate(key.strip()).map(caller -> access.admit(caller, null));
            }
            if (key == null && authorization != null && tokens != null) {
                String token = bearer.resolve(request);
                if (token == null) {
                    return Optional.empty();
                }
                Authentication authentication = tokens.resolve(request)
                        .authenticate(new BearerTokenAuthenticationToken(token));
                return authentication.getPrincipal() instanceof TenantPrincipal caller ? Optional.of(caller)
                        : Optional.empty();
            }
            return Optional.empty();
        } catch (AuthenticationException | DataAccessException e) {
            return Optional.empty();
        }
    }
}
