package org.bss.loadgen.verify;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bss.loadgen.platform.PlatformClient;
import org.bss.loadgen.platform.PlatformClient.TenantKey;

/**
 * Checks through the query API that every accepted event of a run is stored exactly once. The store writes behind
 * Kafka, so it reads on from where it stopped until every accepted event was seen or nothing new arrived for the
 * settle time.
 */
public final class StoreCheck {

    private final PlatformClient client;
    private final PrintStream progress;

    public StoreCheck(PlatformClient client, PrintStream progress) {
        this.client = client;
        this.progress = progress;
    }

    public Verification.Result verify(List<TenantKey> tenants, Path acceptedLog, Duration settle) throws InterruptedException {
        Map<String, TenantKey> byId = new HashMap<>();
        tenants.forEach(t -> byId.put(t.tenantId(), t));
        Verification verification = new Verification();
        Map<String, String> canonical = new HashMap<>();
        Set<List<String>> streams = new LinkedHashSet<>();
        AcceptedLog.read(acceptedLog, ref -> {
            String tenant = canonical.computeIfAbsent(ref.tenantId(), k -> k);
            String source = canonical.computeIfAbsent(ref.source(), k -> k);
            if (!byId.containsKey(tenant)) {
                throw new IllegalArgumentException("the accepted log names tenant '" + tenant + "', which has no key in the tenants file");
            }
            streams.add(List.of(tenant, source));
            verification.accepted(new EventRef(tenant, source, ref.id()));
        });
        progress.printf("verify: %,d accepted events of %d tenants in %s%n", verification.result().accepted(), streams.size(), acceptedLog);

        Map<List<String>, String> cursors = new LinkedHashMap<>();
        long lastRows = -1;
        long lastProgress = System.nanoTime();
        boolean unavailable = false;
        while (true) {
            try {
                for (List<String> stream : streams) {
                    String tenant = stream.get(0);
                    String source = stream.get(1);
                    client.readEvents(byId.get(tenant), source, cursors.get(stream),
                            id -> verification.stored(new EventRef(tenant, source, id)), cursor -> cursors.put(stream, cursor));
                }
                unavailable = false;
            } catch (PlatformClient.PlatformUnavailable e) {
                // Pages read whole are counted and their cursor kept: reading again goes on after them.
                if (!unavailable) {
                    progress.printf("verify: the platform cannot answer now (%s); trying again%n", e.getMessage());
                }
                unavailable = true;
            }
            Verification.Result now = verification.result();
            progress.printf("verify: stored %,d of %,d accepted; missing so far %,d%n", now.stored(), now.accepted(), now.missing());
            if (now.missing() == 0) {
                return now;
            }
            if (now.storedRows() != lastRows) {
                lastRows = now.storedRows();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > settle.toNanos()) {
                progress.printf("verify: nothing new stored for %d s; stopping%n", settle.toSeconds());
                return now;
            }
            Thread.sleep(1000);
        }
    }
}
