/** Operating the process: bounded start-up, drain on SIGTERM, bounded shutdown, the Kafka health indicator. */
@ApplicationModule(allowedDependencies = {"web"})
package org.bss.platform.ops;

import org.springframework.modulith.ApplicationModule;
