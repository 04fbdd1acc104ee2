package org.bss.model.envelope;

import java.util.Locale;

/** What the CloudEvents JSON format needs to know of a content type. */
public final class MediaTypes {

    private MediaTypes() {
    }

    /** JSON when absent (the JSON format's default), {@code application/json}, {@code text/json} or {@code +json}. */
    public static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = essence(contentType);
        return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
    }

    /** Text that a JSON document can carry as a string: {@code text/*} and XML. */
    public static boolean isText(String contentType) {
        String type = essence(contentType);
        return type.startsWith("text/") || type.equals("application/xml") || type.endsWith("+xml");
    }

    /** The type/subtype without parameters, lower case. */
    public static String essence(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.strip().toLowerCase(Locale.ROOT);
    }
}
