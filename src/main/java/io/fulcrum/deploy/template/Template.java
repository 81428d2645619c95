package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;

/**
 * A deployment template's sections, checked for shape. Section names match without regard to case, as ARM reads
 * them. Templates with symbolic resource names (languageVersion 2.0, resources as an object) and user-defined
 * functions are refused by name rather than half-deployed.
 */
public record Template(ObjectNode raw, ObjectNode parameters, ObjectNode variables, ArrayNode resources,
                       ObjectNode outputs) {

    public static Template parse(JsonNode template) {
        if (template == null || !template.isObject()) {
            throw TemplateError.of("The template must be a JSON object.");
        }
        if (Bodies.field(template, "languageVersion") != null) {
            throw TemplateError.of("Templates with a 'languageVersion' (symbolic resource names) are not supported;"
                    + " declare 'resources' as an array.");
        }
        JsonNode functions = Bodies.field(template, "functions");
        if (functions != null && !functions.isEmpty()) {
            throw TemplateError.of("User-defined template functions ('functions') are not supported.");
        }
        JsonNode resources = Bodies.field(template, "resources");
        if (resources == null || resources.isNull()) {
            resources = Json.array();
        }
        if (!resources.isArray()) {
            throw TemplateError.of("The template property 'resources' must be an array.");
        }
        return new Template((ObjectNode) template, section(template, "parameters"), section(template, "variables"),
                (ArrayNode) resources, section(template, "outputs"));
    }

    private static ObjectNode section(JsonNode template, String name) {
        JsonNode v = Bodies.field(template, name);
        if (v == null || v.isNull()) {
            return Json.object();
        }
        if (!v.isObject()) {
            throw TemplateError.of("The template property '" + name + "' must be an object.");
        }
        return (ObjectNode) v;
    }
}
