package org.bss.platform.tenancy.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param enabled on the embedded default (the development jar), create a demo tenant and key, printed at start-up */
@ConfigurationProperties(prefix = "bss.demo")
public record DemoProperties(@DefaultValue("true") boolean enabled) {
}
