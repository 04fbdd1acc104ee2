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
import org.bss.loadgen.platform.Credential;
import org.bss.loadgen.platform.PlatformClient.TenantKey;

/**
 * The run's tenants and their keys (tenant, tab, key), readable by the owner only: verify and evaluate read with them.
 * A tenant the run sent to with bearer tokens has its OpenID Connect client instead ({@code oidc-client=<client id>}):
 * neither its token nor the client's secret is written, so only the run itself (its --verify) reads its events.
 */
public final class TenantsFile {

    /** What the key's field of a tenant sent to with bearer tokens starts with, before the client's id. */
    public static final String OIDC_CLIENT = "oidc-client=";

    private TenantsFile() {
    }

    public static void write(Path file, List<TenantKey> tenants) {
        StringBuilder text = new StringBuilder();
        for (TenantKey tenant : tenants) {
            text.append(tenant.tenantId()).append('\t').append(switch (tenant.credential()) {
                case Credential.ApiKey key -> key.key();
                case Credential.BearerToken bearer -> OIDC_CLIENT + bearer.clientId();
            }).append('\n');
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
                if (fields[1].startsWith(OIDC_CLIENT)) {
                    throw new IllegalArgumentException(file + " line " + number + ": tenant " + fields[0] + " was sent to with "
                            + "bearer tokens of the OIDC client " + fields[1].substring(OIDC_CLIENT.length()) + ", whose secret this "
                            + "file does not keep: check its events with run --verify instead");
                }
                tenants.add(new TenantKey(fields[0], fields[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return tenants;
    }
}
