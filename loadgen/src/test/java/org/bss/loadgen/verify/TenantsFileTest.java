package org.bss.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.bss.loadgen.platform.Credential;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantsFileTest {

    @TempDir
    Path folder;

    @Test
    void aTenantSentToWithBearerTokensIsWrittenWithItsClientNeverItsTokenAndIsNotReadBack() throws Exception {
        Path file = folder.resolve("tenants.tsv");
        TenantsFile.write(file, List.of(new TenantKey("lg-a-1", "key-1"), new TenantKey("acme",
                new Credential.BearerToken("acme-ingest", "the-token", Instant.parse("2026-03-02T10:05:00Z")))));

        assertThat(Files.readString(file)).isEqualTo("lg-a-1\tkey-1\nacme\toidc-client=acme-ingest\n");
        assertThatThrownBy(() -> TenantsFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + " line 2: tenant acme was sent to with bearer tokens of the OIDC client acme-ingest, "
                        + "whose secret this file does not keep: check its events with run --verify instead");
    }

    @Test
    void apiKeysAreReadBack() {
        Path file = folder.resolve("tenants.tsv");
        List<TenantKey> tenants = List.of(new TenantKey("lg-a-1", "key-1"), new TenantKey("lg-a-2", "key-2"));
        TenantsFile.write(file, tenants);

        assertThat(TenantsFile.read(file)).isEqualTo(tenants);
        assertThat(TenantsFile.read(file).getFirst().apiKey()).isEqualTo("key-1");
    }
}
