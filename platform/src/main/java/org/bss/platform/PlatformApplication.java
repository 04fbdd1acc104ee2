package org.bss.platform;

import org.bss.platform.ops.ProcessLifecycle;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PlatformApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(PlatformApplication.class);
        ProcessLifecycle.run(application, args);
    }
}
