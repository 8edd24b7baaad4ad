package dev.dockerlab.terminal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON text frames of the protocol, both ways. */
final class Messages {

    /** Terminal sizes are clamped to this range, whatever a client asks for. */
    static final int MIN_COLS = 10, MAX_COLS = 500, MIN_ROWS = 3, MAX_ROWS = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {
    }

    record Size(int cols, int rows) {
        static final Size DEFAULT = new Size(80, 24);

        static Size clamped(double cols, double rows) {
            return new Size((int) Math.clamp(cols, MIN_COLS, MAX_COLS), (int) Math.clamp(rows, MIN_ROWS, MAX_ROWS));
        }
    }

    /** Client to server. */
    sealed interface Control permits Resize, Ack, Unknown, Malformed {
    }

    record Resize(Size size) implements Control {
    }

    record Ack(long bytes) implements Control {
    }

    record Unknown(String type) implements Control {
    }

    record Malformed(String why) implements Control {
    }

    static Control parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (Exception e) {
            return new Malformed("a control frame must be a JSON object like {\"type\":\"resize\",\"cols\":80,\"rows\":24}");
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            return new Malformed("a control frame must be a JSON object with a \"type\"");
        }
        String type = node.get("type").asText();
        return switch (type) {
            // any JSON number is taken and clamped, however absurd (1e12, 2^70, -5)
            case "resize" -> node.path("cols").isNumber() && node.path("rows").isNumber()
                    ? new Resize(Size.clamped(node.get("cols").asDouble(), node.get("rows").asDouble()))
                    : new Malformed("resize needs numbers \"cols\" and \"rows\"");
            case "ack" -> node.path("bytes").canConvertToLong() && node.get("bytes").asLong() >= 0
                    ? new Ack(node.get("bytes").asLong())
                    : new Malformed("ack needs a non-negative whole number \"bytes\"");
            default -> new Unknown(type.length() > 40 ? type.substring(0, 40) : type);
        };
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Ready(String type, int cols, int rows, Long idleTimeoutSeconds) {
    }

    record Exit(String type, long code) {
    }

    record Error(String type, String message) {
    }

    static String ready(Size size, long idleTimeoutSeconds) {
        return write(new Ready("ready", size.cols(), size.rows(), idleTimeoutSeconds));
    }

    static String exit(long code) {
        return write(new Exit("exit", code));
    }

    static String error(String message) {
        return write(new Error("error", message));
    }

    private static String write(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (Exception e) {
            throw new IllegalStateException("records always serialize", e);
        }
    }
}
