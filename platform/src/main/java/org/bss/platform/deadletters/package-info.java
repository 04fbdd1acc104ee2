/**
 * Dead letters: an index of the records on the dead-letter topic (its own table and consumer group), the admin API
 * that shows them grouped by stage and cause, and their redrive to the topic they came from once the cause is
 * fixed. A redriven record that fails again updates its own entry instead of adding one.
 */
@ApplicationModule(allowedDependencies = {"bus", "web", "tenancy"})
package org.bss.platform.deadletters;

import org.springframework.modulith.ApplicationModule;
