package org.bss.platform.quota;

import java.time.Duration;

/**
 * Whether a request may spend its tokens, and what to tell the client (the RateLimit headers).
 *
 * @param limit      the bucket's capacity (burst)
 * @param remaining  tokens left after this request
 * @param retryAfter when refused: how long until enough tokens are back
 */
public record QuotaDecision(boolean allowed, long limit, long remaining, Duration retryAfter) {
}
