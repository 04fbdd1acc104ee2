package org.bss.platform;


import java.time.Duration;

/**
 * Waits until the projection has folded the events of a consistency token. A read with a token answers 409 when
 * the projection is further behind than its wait (5 s), as it can be in a test JVM whose earlier tests left a
 * backlog; 409 says to try again, so this does, for up to two minutes.
 */
public final class Projected {

    private Projected() {
    }

    public static void await(ApiClient client, String token) {
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.get("/api/v1/customers/-?token=" + token).status() != 409);
    }
}
