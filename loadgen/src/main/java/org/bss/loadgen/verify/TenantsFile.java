package org.bss.loadgen.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.bss.loadgen.platform.PlatformClient.TenantKey;

/** The run's tenants and their keys (tenant, tab, key), readable by the owner only: verify reads events with them. */
public final class TenantsFile {

    private TenantsFile() {
    }

    public static void write(Path file, List<TenantKey> tenants) {
        StringBuilder text = new StringBuilder();
        for (TenantKey tenant : tenants) {
            text.append(tenant.tenantId()).append('\t').append(tenant.apiKey()).append('\n');
        }
        try {
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static List<TenantKey> read(Path file) {
        List<TenantKey> tenants = new ArrayList<>();
        try {
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length != 2 || fields[0].isEmpty() || fields[1].isEmpty()) {
                    throw new IllegalArgumentException(file + " line " + number + ": expected a tenant and its API key separated by a tab");
                }
                tenants.add(new TenantKey(fields[0], fields[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return tenants;
    }
}
