/**
 * Replay: the stored history (PostgreSQL) sent again, selected by time, type, subject and source, at a chosen
 * speed, to a Kafka topic, a webhook or a rebuild of the read models; jobs that survive restarts and can be
 * paused, resumed and cancelled.
 */
@ApplicationModule(allowedDependencies = {"bus", "web", "tenancy", "store", "projection"})
package org.bss.platform.replay;

import org.springframework.modulith.ApplicationModule;
