/** RFC 9457 problem types and their rendering, request bodies within limits. */
@ApplicationModule(allowedDependencies = {})
package org.bss.platform.web;

import org.springframework.modulith.ApplicationModule;
