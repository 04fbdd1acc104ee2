/** The schema registry: the catalog, tenants' own types, their policies. */
@ApplicationModule(allowedDependencies = {"tenancy", "web", "bus"})
package org.bss.platform.schemas;

import org.springframework.modulith.ApplicationModule;
