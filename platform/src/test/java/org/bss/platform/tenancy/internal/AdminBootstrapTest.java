package org.bss.platform.tenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.bss.platform.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Instances that start together with the same configured admin key all come up, and the key is stored once. */
class AdminBootstrapTest extends ApiTest {

    @Autowired
    JdbcTenants jdbcTenants;
    @Autowired
    JdbcClient jdbc;

    @Test
    void instancesStartingTogetherWithTheSameKeyAllStartAndStoreItOnce() {
        String key = ApiKeySecrets.generate();
        int instances = 4;
        CyclicBarrier together = new CyclicBarrier(instances);
        try (ExecutorService threads = Executors.newFixedThreadPool(instances)) {
            List<CompletableFuture<Void>> starts = IntStream.range(0, instances)
                    .mapToObj(i -> CompletableFuture.runAsync(() -> {
                        AdminBootstrap bootstrap = new AdminBootstrap(jdbcTenants, new AdminProperties(key));
                        await(together);
                        bootstrap.ensureAdminKey();
                    }, threads))
                    .toList();
            assertThat(CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)))
                    .succeedsWithin(Duration.ofSeconds(30));
        }
        assertThat(jdbc.sql("select count(*) from api_keys where key_hash = ?").param(ApiKeySecrets.hash(key))
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbcTenants.isValidKey(key)).isTrue();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
