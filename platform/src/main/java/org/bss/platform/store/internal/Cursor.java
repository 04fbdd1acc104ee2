package org.bss.platform.store.internal;

import org.bss.platform.web.InvalidRequestException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * A position in a tenant's events in the order they were stored: the storing transaction's id, then the
 * event's id. Clients see it as an opaque string.
 */
record Cursor(long tx, UUID eventId) {

    String encode() {
        ByteBuffer bytes = ByteBuffer.allocate(24).putLong(tx).putLong(eventId.getMostSignificantBits())
                .putLong(eventId.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    static Cursor decode(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != 24) {
            throw new InvalidRequestException("after must be a cursor returned as 'next' by an earlier page");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new Cursor(buffer.getLong(), new UUID(buffer.getLong(), buffer.getLong()));
    }
}
