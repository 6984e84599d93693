package io.snapline.sidecar.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in a scalar value, anywhere in it and as
 * often as it occurs, the way a shell would: the default applies when the variable is unset or
 * empty. {@code $$} is a literal {@code $} (so {@code $${X}} stays {@code ${X}}); a {@code $} that
 * is not followed by {@code {} or {@code $} is kept as it is. The result is not substituted again.
 */
final class EnvSubstitution {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> env;

    EnvSubstitution(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * @throws IllegalArgumentException naming every unset variable without a default, or a
     *                                  malformed reference
     */
    String apply(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        List<String> missing = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c != '$' || (next != '$' && next != '{')) {
                out.append(c);
                i++;
            } else if (next == '$') {
                out.append('$');
                i += 2;
            } else {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("'${' without a closing '}' (write $$ for a literal $)");
                }
                String reference = text.substring(i + 2, close);
                int separator = reference.indexOf(":-");
                String name = separator < 0 ? reference : reference.substring(0, separator);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("'${" + reference + "}' is not a variable reference: expected"
                            + " ${NAME} or ${NAME:-default}, NAME made of letters, digits and _ (write $$ for a literal $)");
                }
                String value = env.get(name);
                if (separator >= 0 && (value == null || value.isEmpty())) {
                    value = reference.substring(separator + 2);
                }
                if (value == null) {
                    missing.add(name);
                } else {
                    out.append(value);
                }
                i = close + 1;
            }
        }
        if (!missing.isEmpty()) {
            boolean one = missing.size() == 1;
            throw new IllegalArgumentException("environment variable" + (one ? " " : "s ") + String.join(", ", missing)
                    + (one ? " is not set and has" : " are not set and have") + " no default (write ${NAME:-default} for one)");
        }
        return out.toString();
    }
}
