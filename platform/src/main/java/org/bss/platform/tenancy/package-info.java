/** Tenants, API keys, tokens, the admin API; others ask TenantDirectory or listen to TenantChanged. */
@ApplicationModule(allowedDependencies = {"web", "bus"})
package org.bss.platform.tenancy;

import org.springframework.modulith.ApplicationModule;
