/** Ingest quotas: token buckets per tenant and key, shared through Redis. */
@ApplicationModule(allowedDependencies = {"tenancy"})
package org.bss.platform.quota;

import org.springframework.modulith.ApplicationModule;
