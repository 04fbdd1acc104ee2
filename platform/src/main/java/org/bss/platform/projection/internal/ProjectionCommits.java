package org.bss.platform.projection.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.EventTopics;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.stereotype.Component;

/**
 * After each projection commit: the answers that changed are forgotten by every instance's cache. A projection
 * that starts on empty tables (a rebuild, or the first start) has every cached answer forgotten, and once it has
 * caught up (a batch of events accepted less than {@link #CAUGHT_UP} ago, or nothing left to fold) asks every
 * instance to warm its most-read customers.
 */
@Component
@ConditionalOnRole(Role.PROJECTION)
class ProjectionCommits implements SmartInitializingSingleton {

    static final Duration CAUGHT_UP = Duration.ofSeconds(10);

    private final ReadCache cache;
    private final ProjectionStore store;
    private final String topic;
    private final AtomicBoolean rebuilding = new AtomicBoolean();

    ProjectionCommits(ReadCache cache, ProjectionStore store, EventTopics topics) {
        this.cache = cache;
        this.store = store;
        this.topic = topics.eventsTopic();
    }

    /** Before the listener starts (it starts with the context's lifecycle, after every singleton exists). */
    @Override
    public void afterSingletonsInstantiated() {
        if (store.positions(topic).isEmpty()) {
            rebuilding.set(true);
            cache.forgetAll();
        }
    }

    void committed(Projector.Changes changes, Map<Integer, ProjectionStore.Position> positions) {
        if (!changes.isEmpty()) {
            cache.invalidate(keys(changes));
        }
        if (rebuilding.get() && positions.values().stream()
                .anyMatch(p -> p.recordTime().isAfter(Instant.now().minus(CAUGHT_UP)))) {
            caughtUp();
        }
    }

    @EventListener(condition = "event.listenerId.startsWith('bss-projection')")
    void idle(ListenerContainerIdleEvent event) {
        if (rebuilding.get()) {
            caughtUp();
        }
    }

    private void caughtUp() {
        if (rebuilding.compareAndSet(true, false)) {
            cache.warmMostRead();
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
