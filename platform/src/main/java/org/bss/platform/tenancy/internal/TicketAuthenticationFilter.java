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
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code ?ticket=} on the stream's GET endpoints, for a request without a key or token: a valid
 * ticket becomes its tenant's principal with the scope events:read; an unknown or expired one is 401.
 */
class TicketAuthenticationFilter extends OncePerRequestFilter {

    private final StreamTickets tickets;
    private final TenantAccess access;
    private final ProblemWriter problems;

    TicketAuthenticationFilter(StreamTickets tickets, TenantAccess access, ProblemWriter problems) {
        this.tickets = tickets;
        this.access = access;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !"GET".equals(request.getMethod())
                || !(path.equals("/api/v1/stream") || path.equals("/api/v1/stream/ws"))
                || request.getParameter("ticket") == null
                || request.getHeader(ApiKeyAuthenticationFilter.HEADER) != null
                || request.getHeader("Authorization") != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<TenantPrincipal> principal;
        try {
            principal = tickets.redeem(request.getParameter("ticket"));
            if (principal.isPresent()) {
                access.admit(principal.get(), null);
            }
        } catch (DataAccessException e) {
            response.setHeader("Retry-After", "5");
            problems.write(response, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE,
                    "Tickets unavailable", "The ticket cannot be checked now; try again, or send the key or token."));
            return;
        } catch (CredentialsRefused e) {
            e.writeTo(response, problems);
            return;
        }
        if (principal.isEmpty()) {
            problems.write(response, Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED, "Unauthenticated",
                    "The ticket is not valid or has expired; ask for a new one with POST /api/v1/stream/tickets."));
            return;
        }
        var authorities = principal.get().scopes().stream().map(s -> new SimpleGrantedAuthority(s.authority())).toList();
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal.get(), null, authorities));
        chain.doFilter(request, response);
    }
}
