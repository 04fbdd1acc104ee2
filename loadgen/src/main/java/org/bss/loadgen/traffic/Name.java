package org.bss.loadgen.traffic;

import java.text.Normalizer;
import java.util.Locale;

/** A person's or place's name as written, and its ASCII form for e-mail addresses. */
record Name(String text, String slug) {

    static Name of(String text) {
        return new Name(text, slug(text));
    }

    static Name[] of(String... texts) {
        Name[] names = new Name[texts.length];
        for (int i = 0; i < texts.length; i++) {
            names[i] = of(texts[i]);
        }
        return names;
    }

    /** "Wójcik" → "wojcik", "Groß" → "gross", "O'Brien" → "obrien". */
    static String slug(String text) {
        String folded = text.toLowerCase(Locale.ROOT)
                .replace("ł", "l").replace("ß", "ss").replace("ø", "o").replace("æ", "ae");
        String decomposed = Normalizer.normalize(folded, Normalizer.Form.NFD);
        StringBuilder slug = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                slug.append(c);
            }
        }
        return slug.toString();
    }
}
