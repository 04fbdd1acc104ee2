/**
 * Read models: bss.events folded into customers, subscriptions, orders, invoices, payments, balances and usage
 * (own tables, own consumer group, exactly once), their read API with read-your-writes and time travel (folded
 * from the store's events, with snapshots), and the Redis cache in front of it.
 */
@ApplicationModule(allowedDependencies = {"bus", "web", "tenancy", "store"})
package org.bss.platform.projection;

import org.springframework.modulith.ApplicationModule;
