/**
 * Operating the process: bounded start-up, drain on SIGTERM, bounded shutdown, the Kafka health indicator; the health
 * components and the platform's consumer groups (lag, progress) as gauges; what operators watch live (consumer lag,
 * this instance's last minutes).
 */
@ApplicationModule(allowedDependencies = {"web"})
package org.bss.platform.ops;

import org.springframework.modulith.ApplicationModule;
