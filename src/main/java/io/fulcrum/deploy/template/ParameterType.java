package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The types a template parameter or output declares. ARM reads the declaration in any case ("string", "String")
 * and renders the canonical spelling in deployments ({@code "type": "Object"}), which az prints as it is.
 */
public enum ParameterType {
    STRING("String"), SECURE_STRING("SecureString"), INT("Int"), BOOL("Bool"), OBJECT("Object"),
    SECURE_OBJECT("SecureObject"), ARRAY("Array");

    private final String canonical;

    ParameterType(String canonical) {
        this.canonical = canonical;
    }

    public String canonical() {
        return canonical;
    }

    /** Secure values are never rendered back: a deployment shows their type only. */
    public boolean secure() {
        return this == SECURE_STRING || this == SECURE_OBJECT;
    }

    public static ParameterType of(String declared, String what) {
        if (declared != null) {
            for (ParameterType t : values()) {
                if (t.canonical.toLowerCase(Locale.ROOT).equals(declared.toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
        }
        throw TemplateError.of("The " + what + " has " + (declared == null ? "no 'type'" : "the type '" + declared
                + "'") + "; expected one of string, securestring, int, bool, object, secureobject, array.");
    }

    public boolean accepts(JsonNode v) {
        return switch (this) {
            case STRING, SECURE_STRING -> v.isTextual();
            case INT -> v.isIntegralNumber();
            case BOOL -> v.isBoolean();
            case OBJECT, SECURE_OBJECT -> v.isObject();
            case ARRAY -> v.isArray();
        };
    }
}
