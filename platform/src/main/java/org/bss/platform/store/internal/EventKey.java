package org.bss.platform.store.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** What makes an event unique: CloudEvents' source + id, within a tenant. */
public record EventKey(String tenantId, String source, String id) {

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public UUID hash() {
        return hash(utf8(tenantId), utf8(source), utf8(id));
    }

    /**
     * The claim key: the first 128 bits of SHA-256 over the three values' UTF-8 bytes (separated by U+0000, which
     * CloudEvents strings cannot contain). Two different events share one only with a probability of about
     * n²/2¹²⁹, and only within their own tenant.
     */
    public static UUID hash(byte[] tenantId, byte[] source, byte[] id) {
        MessageDigest sha = digest();
        sha.update(tenantId);
        sha.update((byte) 0);
        sha.update(source);
        sha.update((byte) 0);
        sha.update(id);
        ByteBuffer digest = ByteBuffer.wrap(sha.digest());
        return new UUID(digest.getLong(), digest.getLong());
    }

    private static MessageDigest digest() {
        try {
            return (MessageDigest) SHA_256.clone(); // cheaper than a provider look-up per event
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
