package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.UUID;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** No secret reaches the log: API keys issued, used, refused or revoked, through the admin API or not. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsTest extends ApiTest {

    @Test
    void keysNeverAppearInTheLog(CapturedOutput output) {
        tenants.create(Tenants.PLATFORM_TENANT, "Platform operators");
        String adminKey = tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret();
        ApiClient admin = client(adminKey);
        String tenant = "secret-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post("/api/v1/admin/tenants", "application/json", "{\"tenantId\":\"" + tenant + "\"}");
        var issued = admin.post("/api/v1/admin/tenants/" + tenant + "/keys", "application/json", "{\"scopes\":[\"events:write\"]}").json();
        String secret = issued.get("secret").asString();
        ApiClient user = client(secret);
        user.postEvent("{\"specversion\":\"1.0\",\"type\":\"acme.ping\",\"source\":\"/s\",\"id\":\"1\",\"data\":{}}");
        user.postEvent("not json");
        admin.delete("/api/v1/admin/tenants/" + tenant + "/keys/" + issued.get("keyId").asString());
        String wrongButWellFormed = "bss_" + "A".repeat(43);
        client(wrongButWellFormed).postEvent("{}");

        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(adminKey).doesNotContain(wrongButWellFormed)
                .doesNotContain(secret.substring(10)).doesNotContain(adminKey.substring(10));
    }
}
