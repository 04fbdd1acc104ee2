/** bss.events into PostgreSQL exactly once, dead letters, partitions and retention, EventLog to read it back. Talks to ingest only through Kafka. */
@ApplicationModule(allowedDependencies = {"bus", "tenancy"})
package org.bss.platform.store;

import org.springframework.modulith.ApplicationModule;
