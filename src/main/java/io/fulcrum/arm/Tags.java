package io.fulcrum.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.json.Json;
import java.util.Iterator;
import java.util.Map;

/** ARM's tag rules, for every resource that has tags: at most 50, names up to 512 characters, values up to 256. */
public final class Tags {

    public static final int MAX_TAGS = 50;
    public static final int MAX_NAME = 512;
    public static final int MAX_VALUE = 256;
    private static final String RESERVED = "<>%&\\?/";

    private Tags() {
    }

    /** Validates a "tags" member (absent or null means none) and returns it as an object of strings. */
    public static ObjectNode validate(JsonNode tags, String path) {
        ObjectNode out = Json.object();
        if (tags == null || tags.isNull() || tags.isMissingNode()) {
            return out;
        }
        if (!tags.isObject()) {
            throw new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "The request content was invalid and could"
                    + " not be deserialized: '" + path + "' must be a JSON object of string values.", path);
        }
        if (tags.size() > MAX_TAGS) {
            throw new ArmException(ErrorCode.TAG_LIMIT_EXCEEDED, "The number of tags (" + tags.size()
                    + ") exceeds the limit of " + MAX_TAGS + ".", path);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (name.isEmpty() || name.chars().anyMatch(c -> RESERVED.indexOf(c) >= 0 || Character.isISOControl(c))) {
                throw new ArmException(ErrorCode.INVALID_TAG_NAME, "The tag name '" + name + "' has reserved"
                        + " characters '<,>,%,&,\\,?,/' or control characters, or is empty.", path + "." + name);
            }
            if (name.length() > MAX_NAME) {
                throw new ArmException(ErrorCode.TAG_TOO_LONG, "The tag name '" + name.substring(0, 32)
                        + "...' is " + name.length() + " characters long; the limit is " + MAX_NAME + ".",
                        path + "." + name);
            }
            if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
                throw new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "The request content was invalid and"
                        + " could not be deserialized: the value of tag '" + name + "' must be a string, not "
                        + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".", path + "." + name);
            }
            String text = value.asText();
            if (text.length() > MAX_VALUE) {
                throw new ArmException(ErrorCode.TAG_VALUE_TOO_LONG, "The value of tag '" + name + "' is "
                        + text.length() + " characters long; the limit is " + MAX_VALUE + ".", path + "." + name);
            }
            out.put(name, text);
        }
        return out;
    }
}
