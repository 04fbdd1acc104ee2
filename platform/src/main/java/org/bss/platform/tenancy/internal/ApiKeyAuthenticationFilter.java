package org.bss.platform.tenancy.internal;

import java.io.IOException;
import java.util.Optional;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.ProblemWriter;
import org.bss.platform.web.Problems;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates {@code X-API-Key}: a known key becomes the request's {@link TenantPrincipal}. */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final JdbcTenants tenants;
    private final AuthenticationEntryPoint entryPoint;
    private final ProblemWriter problems;

    ApiKeyAuthenticationFilter(JdbcTenants tenants, AuthenticationEntryPoint entryPoint, ProblemWriter problems) {
        this.tenants = tenants;
        this.entryPoint = entryPoint;
        this.problems = problems;
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
        } catch (DataAccessException e) { // a key not seen before, and PostgreSQL cannot be asked now
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            problems.write(response, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE,
                    "Credentials cannot be checked now", "The API key cannot be checked right now. Retry later."));
            return;
        }
        if (principal.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("The API key is not valid."));
            return;
        }
        var authorities = principal.get().scopes().stream().map(s -> new SimpleGrantedAuthority(s.authority())).toList();
        var authentication = UsernamePasswordAuthenticationToken.authenticated(principal.get(), null, authorities);
        SecurityContextHolder.getContext().setAuthentication(authentication);
        chain.doFilter(request, response);
    }
}
