/** The contract between capabilities: the topics, the record format of bss.events, changes every instance applies. */
@ApplicationModule(allowedDependencies = {})
package org.bss.platform.bus;

import org.springframework.modulith.ApplicationModule;
