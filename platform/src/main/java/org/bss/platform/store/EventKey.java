package org.bss.platform.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** What makes an event unique: CloudEvents' source + id, within a tenant. */
public record EventKey(String tenantId, String source, String id) {

    /**
     * The claim key: the first 128 bits of SHA-256 over the three values (separated by U+0000, which
     * CloudEvents strings cannot contain). Two different events share one only with a probability of about
     * n²/2¹²⁹, and only within their own tenant.
     */
    public UUID hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(tenantId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(id.getBytes(StandardCharsets.UTF_8));
            ByteBuffer digest = ByteBuffer.wrap(sha.digest());
            return new UUID(digest.getLong(), digest.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
