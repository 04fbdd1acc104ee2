/**
 * The operator console: a page of the platform's own at {@code /console} (static files, no build step) that speaks
 * only the public API, with the operator's admin key or a token of a trusted OpenID Connect provider on every call;
 * this module serves the page and the few settings it reads.
 */
@ApplicationModule(allowedDependencies = {"tenancy"})
package org.bss.platform.console;

import org.springframework.modulith.ApplicationModule;
