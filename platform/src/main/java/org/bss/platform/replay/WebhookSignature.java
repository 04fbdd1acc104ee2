package org.bss.platform.replay;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a replay job signs what it sends to a webhook, so the receiver can tell the platform sent it and that it was
 * not changed or replayed later by someone else.
 *
 * <p>Each request carries {@code BSS-Signature: t=<unix seconds>,v1=<signature>}, where the signature is the
 * lower-case hex of HMAC-SHA256, keyed with the job's secret (its UTF-8 bytes), of:
 * <ul>
 * <li>in binary mode (one event a request): {@code <t>.<ce-id>.<body>}, {@code <ce-id>} being the
 * {@code ce-id} header's value as sent;</li>
 * <li>in batch mode: {@code <t>.<body>}.</li>
 * </ul>
 * {@code <body>} is the request body's bytes as received. A receiver computes the same HMAC, compares it in
 * constant time and refuses a {@code t} further than a few minutes from its own clock: {@link #verify} does all
 * that. A header may hold several {@code v1=} entries; one matching is enough.
 */
public final class WebhookSignature {

    public static final String HEADER = "BSS-Signature";
    /** How far from the receiver's clock a signature's time may be, unless it says otherwise. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private WebhookSignature() {
    }

    /**
     * The header value signing {@code body} at {@code time}.
     *
     * @param eventId the {@code ce-id} header's value in binary mode; null in batch mode
     */
    public static String sign(String secret, Instant time, String eventId, byte[] body) {
        long t = time.getEpochSecond();
        return "t=" + t + ",v1=" + HEX.formatHex(hmac(secret, t, eventId, body));
    }

    /**
     * True when {@code header} is a valid signature of {@code body} (and, in binary mode, of {@code eventId}) under
     * {@code secret}, made at most {@code tolerance} before (or after) {@code now}.
     *
     * @param eventId the {@code ce-id} header's value in binary mode; null in batch mode
     */
    public static boolean verify(String secret, String header, String eventId, byte[] body, Duration tolerance,
            Instant now) {
        if (header == null) {
            return false;
        }
        Long t = null;
        for (String part : header.split(",")) {
            if (part.strip().startsWith("t=")) {
                try {
                    t = Long.parseLong(part.strip().substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        if (t == null || Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(secret, t, eventId, body);
        for (String part : header.split(",")) {
            String entry = part.strip();
            if (entry.startsWith("v1=") && matches(expected, entry.substring(3))) {
                return true;
            }
        }
        return false;
    }

    /** {@link #verify(String, String, String, byte[], Duration, Instant)} now, with the default tolerance. */
    public static boolean verify(String secret, String header, String eventId, byte[] body) {
        return verify(secret, header, eventId, body, DEFAULT_TOLERANCE, Instant.now());
    }

    private static boolean matches(byte[] expected, String hex) {
        try {
            return MessageDigest.isEqual(expected, HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] hmac(String secret, long t, String eventId, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            if (eventId != null) {
                mac.update((eventId + ".").getBytes(StandardCharsets.UTF_8));
            }
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
