package org.bss.platform.tenancy.internal;

import java.io.IOException;
import java.util.List;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.ProblemWriter;
import org.bss.platform.web.Problems;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code BSS-Tenant: <tenant>}: an admin credential reads as that tenant (the console's explorer, alerts and live
 * tail). The request then runs as the tenant's principal with the scope events:read only, so it can read and open
 * the tenant's stream and nothing else; the credential id stays the admin's.
 */
class ActingTenantFilter extends OncePerRequestFilter {

    static final String HEADER = "BSS-Tenant";

    private final TenantAccess access;
    private final ProblemWriter problems;

    ActingTenantFilter(TenantAccess access, ProblemWriter problems) {
        this.access = access;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof TenantPrincipal caller)) {
            chain.doFilter(request, response); // no credentials: the chain answers 401
            return;
        }
        if (!caller.scopes().contains(Scope.ADMIN)) {
            problems.write(response, Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
                    "Only an admin credential may read as another tenant (" + HEADER + ")."));
            return;
        }
        if (!actsOn(request)) {
            problems.write(response, Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST,
                    "Malformed request", HEADER + " applies to reads (GET) outside /api/v1/admin and /api/v1/replays, "
                            + "and to POST /api/v1/stream/tickets."));
            return;
        }
        TenantPrincipal acting = new TenantPrincipal(request.getHeader(HEADER).strip(), caller.credentialId(),
                java.util.Set.of(Scope.EVENTS_READ));
        try {
            access.admit(acting, null);
        } catch (CredentialsRefused e) {
            e.writeTo(response, problems);
            return;
        } catch (DataAccessException e) {
            CredentialsRefused.unavailable().writeTo(response, problems);
            return;
        }
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(acting,
                null, List.of(new SimpleGrantedAuthority(Scope.EVENTS_READ.authority()))));
        chain.doFilter(request, response);
    }

    private static boolean actsOn(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/api/v1/")) {
            return false;
        }
        if ("POST".equals(request.getMethod())) {
            return path.equals("/api/v1/stream/tickets");
        }
        return ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                && !path.startsWith("/api/v1/admin") && !path.startsWith("/api/v1/replays");
    }
}
