package io.fulcrum.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compares an answer with an expected document (an Azure example response) by key paths: every member the
 * expected document has must be in the answer with the same value; the answer may hold more. Arrays must have the
 * same length (an empty collection in the example must be empty here too). Members named in {@code ignored} are
 * skipped wherever they appear (etags and GUIDs, which the examples zero out).
 */
public final class JsonPaths {

    private JsonPaths() {
    }

    public static void assertContains(JsonNode expected, JsonNode actual, Set<String> ignored) {
        List<String> problems = new ArrayList<>();
        walk("$", expected, actual, ignored, problems);
        assertThat(problems).as("differences from the expected document in %s", actual).isEmpty();
    }

    private static void walk(String path, JsonNode e, JsonNode a, Set<String> ignored, List<String> problems) {
        if (a == null || a.isMissingNode()) {
            problems.add(path + " is missing");
        } else if (e.isObject()) {
            if (!a.isObject()) {
                problems.add(path + ": expected an object, got " + a);
                return;
            }
            e.fields().forEachRemaining(f -> {
                if (!ignored.contains(f.getKey())) {
                    walk(path + "." + f.getKey(), f.getValue(), a.get(f.getKey()), ignored, problems);
                }
            });
        } else if (e.isArray()) {
            if (!a.isArray() || a.size() != e.size()) {
                problems.add(path + ": expected " + e.size() + " items, got " + a);
                return;
            }
            for (int i = 0; i < e.size(); i++) {
                walk(path + "[" + i + "]", e.get(i), a.get(i), ignored, problems);
            }
        } else if (e.isNumber()) {
            if (!a.isNumber() || a.decimalValue().compareTo(e.decimalValue()) != 0) {
                problems.add(path + ": expected " + e + ", got " + a);
            }
        } else if (!e.equals(a)) {
            problems.add(path + ": expected " + e + ", got " + a);
        }
    }
}
