/**
 * Operating the process: bounded start-up, drain on SIGTERM, bounded shutdown, the Kafka health indicator, and what
 * operators watch live (consumer lag, this instance's last minutes).
 */
@ApplicationModule(allowedDependencies = {"web"})
package org.bss.platform.ops;

import org.springframework.modulith.ApplicationModule;
