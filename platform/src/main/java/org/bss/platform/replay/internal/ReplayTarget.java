package org.bss.platform.replay.internal;

import java.net.URI;

/** Where a replay job sends its events. */
sealed interface ReplayTarget {

    /**
     * A Kafka topic, in the binding of {@code bss.events} (binary mode, key tenant/subject), each record marked
     * with the {@code replayid} extension.
     */
    record Topic(String topic) implements ReplayTarget {
    }

    /**
     * CloudEvents over HTTP to a URL: one event a request (binary mode) or up to {@code batchSize} a request
     * (batch mode), each request signed with HMAC-SHA256 under {@code secret}.
     */
    record Webhook(URI url, WebhookMode mode, int batchSize, String secret) implements ReplayTarget {
    }

    /** A new generation of the read models, folded from the store and swapped in once it has caught up. */
    record Rebuild() implements ReplayTarget {
    }

    enum WebhookMode { BINARY, BATCH }
}
