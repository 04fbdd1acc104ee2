package org.bss.platform.projection.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** After each projection commit: the answers that changed are forgotten by every instance's cache. */
@Component
class ProjectionCommits {

    private final ReadCache cache;

    ProjectionCommits(ReadCache cache) {
        this.cache = cache;
    }

    void committed(Projector.Changes changes, Map<Integer, ProjectionStore.Position> positions) {
        if (!changes.isEmpty()) {
            cache.invalidate(keys(changes));
        }
    }

    static List<CacheKey> keys(Projector.Changes changes) {
        List<CacheKey> keys = new ArrayList<>();
        for (Ref customer : changes.touchedCustomers()) {
            keys.add(CacheKey.customer(customer.tenantId(), customer.id()));
            keys.add(CacheKey.balance(customer.tenantId(), customer.id()));
        }
        changes.subscriptions().forEach((ref, s) -> keys.add(new CacheKey(ref.tenantId(), "subscription", ref.id())));
        for (Projector.UsageRef usage : changes.usage().keySet()) {
            keys.add(new CacheKey(usage.tenantId(), "subscription", usage.key().subscriptionId()));
        }
        changes.orders().forEach((ref, o) -> keys.add(new CacheKey(ref.tenantId(), "order", ref.id())));
        changes.invoices().forEach((ref, i) -> keys.add(new CacheKey(ref.tenantId(), "invoice", ref.id())));
        changes.payments().forEach((ref, p) -> keys.add(new CacheKey(ref.tenantId(), "payment", ref.id())));
        return keys;
    }
}
