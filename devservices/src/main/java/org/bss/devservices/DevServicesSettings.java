package org.bss.devservices;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which services to start and where. Port 0 = pick a free port.
 * Each service keeps its data in its own folder under {@code dataDir}: {@code kafka}, {@code postgres}, {@code redis}.
 *
 * @param postgresFsync {@code true} (the default) keeps PostgreSQL durable; {@code false} trades that for speed
 */
public record DevServicesSettings(Path dataDir, boolean kafka, boolean postgres, boolean redis,
                                  int kafkaPort, int postgresPort, int redisPort, boolean postgresFsync) {

    public DevServicesSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
        checkPort(kafkaPort);
        checkPort(postgresPort);
        checkPort(redisPort);
    }

    public DevServicesSettings(Path dataDir, boolean kafka, boolean postgres, boolean redis,
                               int kafkaPort, int postgresPort, int redisPort) {
        this(dataDir, kafka, postgres, redis, kafkaPort, postgresPort, redisPort, true);
    }

    /** All three services, on free ports. */
    public static DevServicesSettings all(Path dataDir) {
        return new DevServicesSettings(dataDir, true, true, true, 0, 0, 0);
    }

    public DevServicesSettings withPostgresFsync(boolean fsync) {
        return new DevServicesSettings(dataDir, kafka, postgres, redis, kafkaPort, postgresPort, redisPort, fsync);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
    }
}
