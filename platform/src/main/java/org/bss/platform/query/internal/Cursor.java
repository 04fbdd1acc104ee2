package org.bss.platform.query.internal;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;
import org.bss.platform.store.EventLog;
import org.bss.platform.web.InvalidRequestException;

/** The opaque string clients see for a {@link EventLog.Position}: its 24 bytes in unpadded base64url. */
final class Cursor {

    private Cursor() {
    }

    static String encode(EventLog.Position position) {
        ByteBuffer bytes = ByteBuffer.allocate(24).putLong(position.tx())
                .putLong(position.eventId().getMostSignificantBits())
                .putLong(position.eventId().getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    static EventLog.Position decode(String text) {
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
        return new EventLog.Position(buffer.getLong(), new UUID(buffer.getLong(), buffer.getLong()));
    }
}
