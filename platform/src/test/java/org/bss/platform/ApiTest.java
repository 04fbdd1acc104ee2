package org.bss.platform;

import org.bss.platform.tenancy.Tenants;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A test against the running platform over HTTP, on the embedded servers shared by the whole test JVM (one
 * application context for all subclasses). Each test works in tenants of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // Analytics judges a minute 10 s after it ends, not a minute; the enriched topic, off by default, is written.
        properties = {"bss.analytics.grace=10s", "bss.analytics.enrich=true"})

public abstract class ApiTest {

    @Value("${local.server.port}")
    protected int port;
    @Value("${spring.kafka.bootstrap-servers}")
    protected String bootstrapServers;
    @Autowired
    protected Tenants tenants;

    /** A client for a fresh tenant, with a key that may write and read events. */
    protected ApiClient newTenantClient(String prefix) {
        return client(TestTenants.newTenantKey(tenants, prefix));
    }

    protected ApiClient client(String apiKey) {
        return new ApiClient("http://localhost:" + port, apiKey);
    }
}
