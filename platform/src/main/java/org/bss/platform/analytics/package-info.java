/**
 * Live analytics: a Kafka Streams application beside the store that enriches each event with its customer,
 * keeps 1 m / 5 m / 1 h windows of the business's metrics per tenant, watches them for anomalies and hot spots,
 * forecasts each tenant's load, and serves the series and alerts.
 */
@ApplicationModule(allowedDependencies = {"bus", "web", "tenancy"})
package org.bss.platform.analytics;

import org.springframework.modulith.ApplicationModule;
