package org.bss.platform.analytics.internal;

import java.util.Map;
import org.bss.platform.analytics.internal.detect.AlertState;
import org.bss.platform.analytics.internal.detect.LoadForecast;
import org.bss.platform.analytics.internal.detect.Multivariate;
import org.bss.platform.analytics.internal.detect.Watch;

/**
 * What the detector keeps of one tenant between windows: the last window it judged, each watched series' detector
 * states and alert state, the alerts it has open (as last sent), the tenant-wide forest and the load forecast.
 *
 * @param series     a watched series' label ({@code orders.placed}, {@code revenue.orders{currency=EUR}}) to its state
 * @param alerts     a series' label (or {@code tenant} for the forest) to its alert state
 * @param open       a series' label to the alert open on it, as last written to the alerts topic
 * @param together   the vectors of the tenant's metrics the isolation forest is grown on
 * @param fiveMinute the events of the minutes judged so far in the 5-minute block under way
 * @param minutesInBlock how many of its minutes were judged (a block the tenant was not watched for whole is not
 *                   fed to the forecast: a first, partial block would read as a steep rise)
 */
record TenantWatch(long lastJudged, Map<String, Watch> series, Map<String, AlertState> alerts, Map<String, Alert> open,
                   Multivariate together, LoadForecast forecast, double fiveMinute, int minutesInBlock) {
}
