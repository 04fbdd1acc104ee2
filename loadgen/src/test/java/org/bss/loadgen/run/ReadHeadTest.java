package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bss.loadgen.platform.Credential;
import org.junit.jupiter.api.Test;

class ReadHeadTest {

    @Test
    void aReadHeadNamesTheCustomerAndTheTenantsKey() {
        ReadHead head = ReadHead.of("/api/v1/customers/", new Credential.ApiKey("k-1").header());

        assertThat(new String(head.forCustomer("cus_0a1b2c3d4e5f"), StandardCharsets.ISO_8859_1))
                .isEqualTo("GET /api/v1/customers/cus_0a1b2c3d4e5f HTTP/1.1\r\nX-API-Key: k-1\r\n"
                        + "Accept: application/json\r\n");
    }
}
