package io.fulcrum.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One azure-cli scenario-test recording (a vcrpy cassette, shared/reference/recordings/README.md): the requests az
 * sent to real Azure and the answers, in order.
 */
record Recording(String file, List<Interaction> interactions) {

    /** One request and its recorded answer; bodies are the recorded text (null when there was none). */
    record Interaction(int index, String method, String uri, String requestBody, int status, String responseBody,
                       String command) {
    }

    private static final YAMLMapper YAML = new YAMLMapper();

    /**
     * The recordings of one folder ("network"), sorted by name: the copies under src/test/resources/recordings
     * (what CI on a clean clone has), else the originals in ../shared/reference/recordings.
     */
    static List<Path> files(String folder) {
        Path dir = null;
        URL url = Recording.class.getResource("/recordings/" + folder);
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                dir = Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        if (dir == null || !Files.isDirectory(dir)) {
            dir = Path.of(System.getProperty("basedir", ".")).resolve("../shared/reference/recordings/" + folder);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no recordings under src/test/resources/recordings/" + folder
                    + " nor ../shared/reference/recordings/" + folder);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Recording read(Path file) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Interaction> out = new ArrayList<>();
        int i = 0;
        for (JsonNode it : root.path("interactions")) {
            JsonNode rq = it.path("request");
            JsonNode rs = it.path("response");
            out.add(new Interaction(i++, rq.path("method").asText(), rq.path("uri").asText(),
                    text(rq.path("body")), rs.path("status").path("code").asInt(),
                    text(rs.path("body").path("string")), rq.path("headers").path("CommandName").path(0).asText("")));
        }
        return new Recording(file.getFileName().toString(), out);
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
