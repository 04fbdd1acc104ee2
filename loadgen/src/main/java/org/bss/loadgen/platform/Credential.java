package org.bss.loadgen.platform;

import java.time.Instant;
import java.util.Objects;

/**
 * How a tenant's requests authenticate: an API key of the platform's, or a bearer token of an OpenID Connect
 * provider whose claim names the tenant. Neither prints its secret: {@link #shown()} and {@code toString} say what
 * it is without it.
 */
public sealed interface Credential permits Credential.ApiKey, Credential.BearerToken {

    /**
     * The header to send now. The same instance for as long as the credential stays the same, so that a caller can
     * keep what it built from it and build again only when {@code header() != before}.
     */
    Header header();

    /** What may be shown of it in a file, a report or a log line: never a key, a token or a client's secret. */
    String shown();

    /** A credential's request header; {@code toString} leaves its value out. */
    record Header(String name, String value) {

        public Header {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }

        /** {@code name: value}, as it goes into a request head (without the line's CRLF). */
        public String line() {
            return name + ": " + value;
        }

        @Override
        public String toString() {
            return "Header[" + name + "]";
        }
    }

    /** A key the platform issued to the tenant, sent in {@code X-API-Key}. */
    final class ApiKey implements Credential {

        public static final String HEADER = "X-API-Key";

        private final Header header;

        public ApiKey(String key) {
            this.header = new Header(HEADER, Objects.requireNonNull(key, "key"));
        }

        public String key() {
            return header.value();
        }

        @Override
        public Header header() {
            return header;
        }

        @Override
        public String shown() {
            return "API key";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ApiKey key && key.key().equals(key());
        }

        @Override
        public int hashCode() {
            return key().hashCode();
        }

        @Override
        public String toString() {
            return "ApiKey[***]";
        }
    }

    /**
     * A bearer token of an OpenID Connect client, sent in {@code Authorization: Bearer}. Whoever fetched it replaces
     * it before it expires ({@link #update}); readers on any thread see the newest one.
     */
    final class BearerToken implements Credential {

        private record Current(Header header, Instant expiresAt) {
        }

        private final String clientId;
        private volatile Current current;

        public BearerToken(String clientId, String accessToken, Instant expiresAt) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            update(accessToken, expiresAt);
        }

        /** Replaces the token: from now on {@link #header()} answers a new header. */
        public void update(String accessToken, Instant expiresAt) {
            current = new Current(new Header("Authorization", "Bearer " + Objects.requireNonNull(accessToken, "accessToken")),
                    Objects.requireNonNull(expiresAt, "expiresAt"));
        }

        /** The OpenID Connect client whose token it is (its id, which may be shown). */
        public String clientId() {
            return clientId;
        }

        /** When the current token expires. */
        public Instant expiresAt() {
            return current.expiresAt();
        }

        @Override
        public Header header() {
            return current.header();
        }

        @Override
        public String shown() {
            return "bearer token of OIDC client " + clientId;
        }

        @Override
        public String toString() {
            return "BearerToken[client=" + clientId + "]";
        }
    }
}
