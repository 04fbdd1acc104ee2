package org.bss.platform.projection.internal;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What instances tell each other on the cache's Redis channel: answers dropped (their keys), everything forgotten,
 * or warm your most-read answers. Keys may hold any character, so each is sent with its length.
 */
sealed interface CacheMessage {

    record Dropped(List<String> keys) implements CacheMessage {
    }

    record ForgetAll() implements CacheMessage {
    }

    record Warm() implements CacheMessage {
    }

    byte DROPPED = 'D';
    byte FORGET_ALL = 'A';
    byte WARM = 'W';

    static byte[] dropped(List<String> keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(DROPPED);
        for (String key : keys) {
            byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(utf8.length).array());
            out.writeBytes(utf8);
        }
        return out.toByteArray();
    }

    /**
     * The message; one that cannot be read (truncated, or of a newer format) may have dropped answers, so it reads
     * as everything forgotten.
     */
    static CacheMessage decode(byte[] message) {
        if (message == null || message.length == 0) {
            return new ForgetAll();
        }
        return switch (message[0]) {
            case WARM -> new Warm();
            case DROPPED -> keys(message);
            default -> new ForgetAll();
        };
    }

    private static CacheMessage keys(byte[] message) {
        ByteBuffer buffer = ByteBuffer.wrap(message, 1, message.length - 1);
        List<String> keys = new ArrayList<>();
        try {
            while (buffer.hasRemaining()) {
                byte[] utf8 = new byte[buffer.getInt()];
                buffer.get(utf8);
                keys.add(new String(utf8, StandardCharsets.UTF_8));
            }
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            return new ForgetAll();
        }
        return new Dropped(keys);
    }
}
