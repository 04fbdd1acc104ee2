package org.bss.platform;

import java.util.Map;
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
        // A real run keeps embedded data in ./data; tests (which do not come through here) use a temporary folder.
        application.setDefaultProperties(Map.of("bss.devservices.data-dir", "data"));
        ProcessLifecycle.run(application, args);
    }
}
