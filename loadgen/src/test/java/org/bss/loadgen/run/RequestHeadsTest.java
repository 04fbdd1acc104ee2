package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.bss.loadgen.platform.Credential;
import org.junit.jupiter.api.Test;

class RequestHeadsTest {

    private static final Instant LATER = Instant.parse("2026-03-02T10:05:00Z");

    private static RequestHeads heads(Credential credential) {
        return new RequestHeads(credential, "/api/v1/events", "application/cloudevents+json", "/api/v1/customers/");
    }

    private static String text(byte[] head) {
        return new String(head, StandardCharsets.ISO_8859_1);
    }

    @Test
    void anApiKeysHeadsCarryItInXApiKey() {
        RequestHeads heads = heads(new Credential.ApiKey("k-1"));

        assertThat(text(heads.write())).isEqualTo("POST /api/v1/events HTTP/1.1\r\nX-API-Key: k-1\r\n"
                + "Content-Type: application/cloudevents+json\r\nAccept: application/json\r\n");
        assertThat(text(heads.read().forCustomer("cus_1"))).isEqualTo("GET /api/v1/customers/cus_1 HTTP/1.1\r\n"
                + "X-API-Key: k-1\r\nAccept: application/json\r\n");
        assertThat(heads.write()).as("built once").isSameAs(heads.write());
    }

    @Test
    void aBearerTokensHeadsCarryItInAuthorizationInsteadOfAnApiKey() {
        RequestHeads heads = heads(new Credential.BearerToken("acme-ingest", "eyJ.first.token", LATER));

        assertThat(text(heads.write())).isEqualTo("POST /api/v1/events HTTP/1.1\r\nAuthorization: Bearer eyJ.first.token\r\n"
                + "Content-Type: application/cloudevents+json\r\nAccept: application/json\r\n");
        assertThat(text(heads.read().forCustomer("cus_1"))).isEqualTo("GET /api/v1/customers/cus_1 HTTP/1.1\r\n"
                + "Authorization: Bearer eyJ.first.token\r\nAccept: application/json\r\n");
        assertThat(text(heads.write())).doesNotContain("X-API-Key");
    }

    @Test
    void theHeadsAreBuiltAgainOnlyWhenTheTokenIsRefreshed() {
        Credential.BearerToken token = new Credential.BearerToken("acme-ingest", "first", LATER);
        RequestHeads heads = heads(token);
        byte[] write = heads.write();
        ReadHead read = heads.read();

        assertThat(heads.write()).as("the same token: the same bytes, nothing allocated").isSameAs(write);
        assertThat(heads.read()).isSameAs(read);

        token.update("second", LATER.plusSeconds(300));

        assertThat(text(heads.write())).contains("\r\nAuthorization: Bearer second\r\n").doesNotContain("first");
        assertThat(text(heads.read().forCustomer("cus_1"))).contains("\r\nAuthorization: Bearer second\r\n");
        assertThat(heads.write()).isNotSameAs(write).isSameAs(heads.write());
        assertThat(heads.read()).isNotSameAs(read);
    }

    @Test
    void aCredentialNeverPrintsItsSecret() {
        Credential.BearerToken token = new Credential.BearerToken("acme-ingest", "secret-token", LATER);
        Credential.ApiKey key = new Credential.ApiKey("secret-key");

        assertThat(token + " " + token.header() + " " + token.shown()).doesNotContain("secret").contains("acme-ingest");
        assertThat(key + " " + key.header() + " " + key.shown()).doesNotContain("secret");
        assertThat(token.header().line()).isEqualTo("Authorization: Bearer secret-token");
        assertThat(token.expiresAt()).isEqualTo(LATER);
    }
}
