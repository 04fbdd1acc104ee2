package org.bss.platform.tenancy.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** API key secrets: 256 random bits, recognisable by their prefix, stored only as SHA-256. */
final class ApiKeySecrets {

    static final String PREFIX = "bss_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** bss_ and 43 base64url characters (32 bytes): anything else is no key of ours. */
    static boolean looksLikeKey(String secret) {
        if (secret.length() != PREFIX.length() + 43 || !secret.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The first characters, enough to recognise a key in a list without revealing it. */
    static String displayPrefix(String secret) {
        return secret.substring(0, Math.min(secret.length(), PREFIX.length() + 6));
    }
}
