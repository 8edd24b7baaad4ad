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
    sealed interface Control permits Resize, Ack, KeyboardRequest, KeyboardRelease, KeyboardAccept, KeyboardDecline,
            KeyboardTakeBack, Position, Unknown, Malformed {
    }

    /** An instructor viewing a learner's terminal asks to type in it. */
    record KeyboardRequest() implements Control {
    }

    /** The instructor who holds a learner's keyboard gives it back. */
    record KeyboardRelease() implements Control {
    }

    /** The learner lets the instructor who asked type. */
    record KeyboardAccept() implements Control {
    }

    /** The learner says no to the instructor who asked. */
    record KeyboardDecline() implements Control {
    }

    /** The learner takes their keyboard back from the instructor who holds it. */
    record KeyboardTakeBack() implements Control {
    }

    /** A presenting instructor is on this lesson and step; the learners who follow go there too. */
    record Position(String lesson, int step) implements Control {
    }

    /** A lesson slug as the catalog makes them: what a position may name. */
    private static final java.util.regex.Pattern SLUG = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

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
            case "keyboard-request" -> new KeyboardRequest();
            case "keyboard-release" -> new KeyboardRelease();
            case "keyboard-accept" -> new KeyboardAccept();
            case "keyboard-decline" -> new KeyboardDecline();
            case "keyboard-take-back" -> new KeyboardTakeBack();
            case "position" -> node.path("lesson").isTextual() && SLUG.matcher(node.get("lesson").asText()).matches()
                    && node.path("step").canConvertToInt() && node.get("step").asInt() >= 0 && node.get("step").asInt() <= 999
                    ? new Position(node.get("lesson").asText(), node.get("step").asInt())
                    : new Malformed("position needs a lesson slug \"lesson\" and a step number 0..999 \"step\"");
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

    record Notice(String type, String message) {
    }

    /** What a learner's page shows while instructors view their terminal: how many, and who has the keyboard. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Watch(String type, int viewers, String keyboard, String instructor) {
    }

    /** A viewer's side of the keyboard: asked, granted, declined, released, taken-back. */
    record Keyboard(String type, String state) {
    }

    /** The size of the terminal being viewed (a viewer draws it at that size, never sets it). */
    record SizeOf(String type, int cols, int rows) {
    }

    /** A broadcast's presenter: live or not, and who. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Presenter(String type, boolean live, String instructor) {
    }

    record At(String type, String lesson, int step) {
    }

    /** keyboard: none (nobody asked), asked (an instructor asks: the page asks the learner), instructor (one types). */
    static String watch(int viewers, String keyboard, String instructor) {
        return write(new Watch("watch", viewers, keyboard, instructor));
    }

    static String keyboard(String state) {
        return write(new Keyboard("keyboard", state));
    }

    static String size(Size size) {
        return write(new SizeOf("size", size.cols(), size.rows()));
    }

    static String presenter(boolean live, String instructor) {
        return write(new Presenter("presenter", live, instructor));
    }

    static String position(String lesson, int step) {
        return write(new At("position", lesson, step));
    }

    /** A view's ready: the size it draws at; no idle timeout, the sandbox is not the viewer's. */
    static String ready(Size size) {
        return write(new Ready("ready", size.cols(), size.rows(), null));
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

    /** Something the learner should know that does not end the session. */
    static String notice(String message) {
        return write(new Notice("notice", message));
    }

    private static String write(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (Exception e) {
            throw new IllegalStateException("records always serialize", e);
        }
    }
}
