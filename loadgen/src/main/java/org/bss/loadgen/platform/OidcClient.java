package org.bss.loadgen.platform;

import java.util.regex.Pattern;

/**
 * An OpenID Connect client of the client credentials grant, and the tenant its tokens name (their {@code tenant_id}
 * claim): what a service of that tenant holds. {@code toString} leaves the secret out.
 */
public record OidcClient(String tenantId, String clientId, String secret) {

    public static final String SYNTAX = "<tenant>=<client-id>:<secret>";

    /** The platform's tenant ids. */
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /**
     * From {@code <tenant>=<client-id>:<secret>}, e.g. {@code acme=acme-ingest:s3cret}: the client id ends at the
     * first ':', so the secret may hold any character.
     */
    public static OidcClient parse(String text) {
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("'" + masked(text) + "' has no '=': use " + SYNTAX
                    + ", e.g. acme=acme-ingest:secret");
        }
        String tenant = text.substring(0, equals).strip();
        String rest = text.substring(equals + 1);
        int colon = rest.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + masked(text) + "' has no ':' before the client's secret: use " + SYNTAX);
        }
        String clientId = rest.substring(0, colon).strip();
        String secret = rest.substring(colon + 1);
        if (!TENANT_ID.matcher(tenant).matches()) {
            throw new IllegalArgumentException("'" + tenant + "' is not a tenant id: lower-case letters, digits and '-', "
                    + "starting with a letter or digit, up to 63");
        }
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("'" + masked(text) + "' has no client id between '=' and ':': use " + SYNTAX);
        }
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("'" + masked(text) + "' has no secret after ':': use " + SYNTAX);
        }
        return new OidcClient(tenant, clientId, secret);
    }

    /** The text with what may be a secret, after the first ':' (behind '=', if any), masked. */
    private static String masked(String text) {
        int colon = text.indexOf(':', Math.max(0, text.indexOf('=')));
        return colon < 0 ? text : text.substring(0, colon + 1) + "***";
    }

    @Override
    public String toString() {
        return tenantId + "=" + clientId + ":***";
    }
}
