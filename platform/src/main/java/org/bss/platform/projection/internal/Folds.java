package org.bss.platform.projection.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bss.model.readmodel.Aggregate;
import org.springframework.stereotype.Component;

/**
 * Folds events into the read models, in the caller's transaction: links them to their customers, and folds those
 * whose link is new (an event sent or replayed again is folded once). The live projection and a rebuild both
 * fold through here.
 */
@Component
class Folds {

    private final ProjectionStore store;

    Folds(ProjectionStore store) {
        this.store = store;
    }

    /** What one call folded, and how many of the events had been folded before. */
    record Folded(Projector.Changes changes, int fresh, int duplicates) {
    }

    Folded apply(List<Incoming> candidates) {
        List<ProjectionStore.Link> links = new ArrayList<>(candidates.size());
        for (Incoming event : candidates) {
            links.add(new ProjectionStore.Link(event.tenantId(), aggregateOf(event), event.key(), event.fact().time(),
                    event.eventId(), event.receivedAt()));
        }
        Set<UUID> linked = store.link(links);
        List<Incoming> fresh = new ArrayList<>(linked.size());
        for (Incoming event : candidates) {
            if (linked.remove(event.key())) { // remove: a key twice in one batch is folded once
                fresh.add(event);
            }
        }
        Projector.Changes changes = Projector.apply(fresh, load(fresh));
        store.save(ProjectionStore.Model.CUSTOMERS, changes.customers());
        store.save(ProjectionStore.Model.SUBSCRIPTIONS, changes.subscriptions());
        store.save(ProjectionStore.Model.ORDERS, changes.orders());
        store.save(ProjectionStore.Model.INVOICES, changes.invoices());
        store.save(ProjectionStore.Model.PAYMENTS, changes.payments());
        store.addBalances(changes.balances());
        store.addUsage(changes.usage());
        return new Folded(changes, fresh.size(), candidates.size() - fresh.size());
    }

    /** The aggregate an event is linked under: its customer, or for usage naming none, its subscription. */
    static String aggregateOf(Incoming event) {
        String customer = event.customerId();
        return customer != null ? "customer/" + customer : "subscription/" + event.fact().text("subscription_id");
    }

    private Projector.States load(List<Incoming> fresh) {
        Map<Aggregate, Set<Ref>> refs = new HashMap<>();
        for (Incoming event : fresh) {
            Aggregate kind = Aggregate.owning(event.fact().type());
            String id = kind == null ? null : kind.idIn(event.fact());
            if (id != null) {
                refs.computeIfAbsent(kind, k -> new HashSet<>()).add(new Ref(event.tenantId(), id));
            }
        }
        return new Projector.States(
                store.load(ProjectionStore.Model.CUSTOMERS, of(refs, Aggregate.CUSTOMER)),
                store.load(ProjectionStore.Model.SUBSCRIPTIONS, of(refs, Aggregate.SUBSCRIPTION)),
                store.load(ProjectionStore.Model.ORDERS, of(refs, Aggregate.ORDER)),
                store.load(ProjectionStore.Model.INVOICES, of(refs, Aggregate.INVOICE)),
                store.load(ProjectionStore.Model.PAYMENTS, of(refs, Aggregate.PAYMENT)));
    }

    private static Collection<Ref> of(Map<Aggregate, Set<Ref>> refs, Aggregate kind) {
        return refs.getOrDefault(kind, Set.of());
    }
}
