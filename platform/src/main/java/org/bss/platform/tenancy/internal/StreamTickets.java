package org.bss.platform.tenancy.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.tenancy.TicketProperties;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Short-lived tickets that open the stream where a client cannot send a header (a browser's EventSource or
 * WebSocket): asked for with a key or token, given in the URL, good for reading events only, and only for
 * {@link TicketProperties#ttl()}. They live in Redis, so any instance takes a ticket another gave; only their
 * SHA-256 is kept, so what Redis holds cannot open anything.
 */
@Component
class StreamTickets {

    private static final String PREFIX = "bss:ticket:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StringRedisTemplate redis;
    private final TicketProperties settings;

    StreamTickets(StringRedisTemplate redis, TicketProperties settings) {
        this.redis = redis;
        this.settings = settings;
    }

    record Ticket(String value, Instant expiresAt) {
    }

    /** A new ticket for the caller's tenant; throws a {@code DataAccessException} when Redis cannot keep it. */
    Ticket issue(TenantPrincipal caller) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        redis.opsForValue().set(key(ticket), caller.tenantId() + "\n" + caller.credentialId(), settings.ttl());
        return new Ticket(ticket, Instant.now().plus(settings.ttl()));
    }

    /** Who the ticket stands for, with the one scope a ticket gives; empty when unknown or expired. */
    Optional<TenantPrincipal> redeem(String ticket) {
        if (ticket == null || ticket.length() != 43) {
            return Optional.empty();
        }
        String holder = redis.opsForValue().get(key(ticket));
        if (holder == null) {
            return Optional.empty();
        }
        int newline = holder.indexOf('\n');
        return Optional.of(new TenantPrincipal(holder.substring(0, newline), holder.substring(newline + 1),
                Set.of(Scope.EVENTS_READ)));
    }

    private static String key(String ticket) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.US_ASCII));
            return PREFIX + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
