package org.bss.platform.tenancy.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bss.platform.tenancy.TenantPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/stream/tickets}: a ticket for {@code GET /api/v1/stream?ticket=...} (and the WebSocket),
 * asked for with the caller's key or token so that the key itself never goes into a URL.
 */
@RestController
class TicketController {

    private final StreamTickets tickets;

    TicketController(StreamTickets tickets) {
        this.tickets = tickets;
    }

    @PostMapping(path = "/api/v1/stream/tickets", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> issue(@AuthenticationPrincipal TenantPrincipal caller) {
        StreamTickets.Ticket ticket = tickets.issue(caller);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ticket", ticket.value());
        body.put("expiresAt", ticket.expiresAt().toString());
        body.put("stream", "/api/v1/stream?ticket=" + ticket.value());
        body.put("websocket", "/api/v1/stream/ws?ticket=" + ticket.value());
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }
}
