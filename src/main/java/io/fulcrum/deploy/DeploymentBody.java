package io.fulcrum.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.Locations;
import io.fulcrum.arm.Tags;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;

/**
 * The request shape of a deployment PUT and of {@code /validate} ({@code Deployment} in resources.json). Only
 * inline content is accepted: Fulcrum makes no outbound calls, so {@code templateLink} and {@code parametersLink}
 * are refused with the error ARM gives for content it cannot download.
 *
 * <p>{@code mode: Complete} is refused as well. It would delete every resource of the group that the template
 * does not list, and Fulcrum would rather make that explicit than do it by surprise; Incremental is what az's own
 * templates use.
 *
 * @param template       the template object (ARM also takes it as a string of JSON)
 * @param parameters     name to {@code {value}} / {@code {expression}}; empty when absent
 * @param externalInputs values for externalInputs() in parameter expressions; empty when absent
 */
record DeploymentBody(JsonNode template, ObjectNode parameters, ObjectNode externalInputs,
                      String location, ObjectNode tags) {

    static DeploymentBody parse(JsonNode body) {
        JsonNode properties = Bodies.field(body, "properties");
        if (properties == null || !properties.isObject()) {
            throw invalid("properties", "'properties' is required and must be an object");
        }
        refuseLink(properties, "templateLink", "template");
        refuseLink(properties, "parametersLink", "parameters");
        String mode = Bodies.string(properties, "mode", "properties.mode");
        if (mode == null || !(mode.equalsIgnoreCase("Incremental") || mode.equalsIgnoreCase("Complete"))) {
            throw invalid("properties.mode", "'properties.mode' must be 'Incremental' or 'Complete', not "
                    + (mode == null ? "absent" : "'" + mode + "'"));
        }
        if (mode.equalsIgnoreCase("Complete")) {
            throw invalid("properties.mode", "mode 'Complete' is not supported: it deletes every resource in the"
                    + " group that the template does not list. Deploy with mode 'Incremental' and delete what you"
                    + " no longer want explicitly");
        }
        JsonNode template = inline(properties, "template");
        if (template == null) {
            throw invalid("properties.template", "'properties.template' is required");
        }
        JsonNode parameters = inline(properties, "parameters");
        JsonNode inputs = Bodies.field(properties, "externalInputs");
        String given = Bodies.string(body, "location", "location");
        String location = given == null ? null : Locations.normalize(given).orElseThrow(() -> new ArmException(
                ErrorCode.LOCATION_NOT_AVAILABLE_FOR_RESOURCE_TYPE, "The provided location '" + given + "' is not"
                + " available. List of available regions is '" + Locations.names() + "'.", "location"));
        JsonNode tags = Bodies.field(body, "tags");
        return new DeploymentBody(template, object(parameters, "properties.parameters"),
                object(inputs, "properties.externalInputs"), location,
                tags == null || tags.isNull() ? null : Tags.validate(tags, "tags"));
    }

    private static void refuseLink(JsonNode properties, String link, String inline) {
        JsonNode v = Bodies.field(properties, link);
        if (v != null && !v.isNull()) {
            throw new ArmException(ErrorCode.INVALID_CONTENT_LINK, "Unable to download deployment content from '"
                    + v.path("uri").asText(v.path("id").asText("")) + "': Fulcrum does not fetch linked content."
                    + " Send the " + inline + " inline in 'properties." + inline + "' instead of 'properties." + link
                    + "'.", "properties." + link);
        }
    }

    /** An object member, or its string form parsed (ARM takes the template and parameters either way). */
    private static JsonNode inline(JsonNode properties, String name) {
        JsonNode v = Bodies.field(properties, name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            try {
                v = Json.LENIENT.readTree(v.asText());
            } catch (JsonProcessingException e) {
                throw Request.contentError(e);
            }
        }
        if (!v.isObject()) {
            throw Bodies.wrongType("properties." + name, "a JSON object", v);
        }
        return v;
    }

    private static ObjectNode object(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return Json.object();
        }
        if (!v.isObject()) {
            throw Bodies.wrongType(path, "a JSON object", v);
        }
        return (ObjectNode) v;
    }

    private static ArmException invalid(String path, String problem) {
        return new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "The request content was invalid and could not be"
                + " deserialized: " + problem + ".", path);
    }
}
