/**
 * The live stream: every instance reads {@code bss.events} as it is appended and hands each accepted event to the
 * subscribers of its tenant (Server-Sent Events and WebSocket), filtered with the CloudEvents Subscriptions API's
 * dialects; a subscriber that comes back with its last position gets what it missed from the event store first.
 */
@ApplicationModule(allowedDependencies = {"bus", "web", "tenancy", "store"})
package org.bss.platform.stream;

import org.springframework.modulith.ApplicationModule;
