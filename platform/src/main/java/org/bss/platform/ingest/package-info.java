/** POST /api/v1/events: content modes, admission, producing to Kafka. Talks to store only through Kafka. */
@ApplicationModule(allowedDependencies = {"web", "tenancy", "schemas", "quota", "bus"})
package org.bss.platform.ingest;

import org.springframework.modulith.ApplicationModule;
