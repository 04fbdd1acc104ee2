/**
 * The contract between capabilities: the topics, the record formats of bss.events and bss.quality, changes every
 * instance applies.
 */
@ApplicationModule(allowedDependencies = {})
package org.bss.platform.bus;

import org.springframework.modulith.ApplicationModule;
