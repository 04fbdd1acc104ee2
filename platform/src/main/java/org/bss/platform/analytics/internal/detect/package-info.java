/**
 * Anomaly detection over a tenant's per-minute metrics, the lifecycle of the alerts it raises, and a load forecast.
 *
 * <p>Everything here is pure: each state is an immutable record that round-trips through JSON, and each step is a
 * static function of a state and the window that just closed ({@code decide} says what the window means,
 * {@code evolve} returns the state that includes it). Arrays held by these records are never written after
 * construction; callers treat them as read-only.
 *
 * <ul>
 *   <li>{@link org.bss.platform.analytics.internal.detect.Watch}: one metric of one tenant, judged by
 *       {@link org.bss.platform.analytics.internal.detect.RobustZ}, {@link org.bss.platform.analytics.internal.detect.Ewma}
 *       and {@link org.bss.platform.analytics.internal.detect.Seasonal};</li>
 *   <li>{@link org.bss.platform.analytics.internal.detect.Multivariate}: all metrics of one tenant together, judged by an
 *       {@link org.bss.platform.analytics.internal.detect.IsolationForest};</li>
 *   <li>{@link org.bss.platform.analytics.internal.detect.AlertState}: whether an alert is open for a tenant and
 *       metric, and the {@link org.bss.platform.analytics.internal.detect.AlertChange}s a window causes;</li>
 *   <li>{@link org.bss.platform.analytics.internal.detect.LoadForecast}: the events expected in the next hour.</li>
 * </ul>
 */
package org.bss.platform.analytics.internal.detect;
