package org.bss.platform.tenancy.internal;

import java.io.IOException;
import java.util.Optional;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bss.platform.tenancy.TenantPrincipal;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code X-API-Key}: a known key of an enabled tenant becomes the request's {@link TenantPrincipal};
 * an unknown key is 401, a key of a disabled tenant 403.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final JdbcTenants tenants;
    private final TenantAccess access;
    private final AuthenticationEntryPoint entryPoint;

    ApiKeyAuthenticationFilter(JdbcTenants tenants, TenantAccess access, AuthenticationEntryPoint entryPoint) {
        this.tenants = tenants;
        this.access = access;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String secret = request.getHeader(HEADER);
        if (secret == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<TenantPrincipal> principal;
        try {
            principal = secret.isBlank() ? Optional.empty() : tenants.authenticate(secret.strip());
            principal.ifPresent(caller -> access.admit(caller, null));
        } catch (DataAccessException e) { // a key not seen before, and PostgreSQL cannot be asked now
            refuse(request, response, CredentialsRefused.unavailable());
            return;
        } catch (CredentialsRefused e) {
            refuse(request, response, e);
            return;
        }
        if (principal.isEmpty()) {
            refuse(request, response, new BadCredentialsException("The API key is not valid."));
            return;
        }
        var authorities = principal.get().scopes().stream().map(s -> new SimpleGrantedAuthority(s.authority())).toList();
        var authentication = UsernamePasswordAuthenticationToken.authenticated(principal.get(), null, authorities);
        SecurityContextHolder.getContext().setAuthentication(authentication);
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException, ServletException {
        SecurityContextHolder.clearContext();
        entryPoint.commence(request, response, e);
    }
}
