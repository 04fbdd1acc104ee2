/** GET /api/v1/events: parameters, cursor and pages on the store's EventLog. */
@ApplicationModule(allowedDependencies = {"web", "tenancy", "store"})
package org.bss.platform.query;

import org.springframework.modulith.ApplicationModule;
