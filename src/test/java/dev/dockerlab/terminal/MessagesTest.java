package dev.dockerlab.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.dockerlab.terminal.Messages.Ack;
import dev.dockerlab.terminal.Messages.Malformed;
import dev.dockerlab.terminal.Messages.Resize;
import dev.dockerlab.terminal.Messages.Size;
import dev.dockerlab.terminal.Messages.Unknown;

class MessagesTest {

    @Test
    void resizeAndAckAreUnderstood() {
        assertThat(Messages.parse("{\"type\":\"resize\",\"cols\":120,\"rows\":40}")).isEqualTo(new Resize(new Size(120, 40)));
        assertThat(Messages.parse("{\"type\":\"ack\",\"bytes\":4096}")).isEqualTo(new Ack(4096));
    }

    @Test
    void sizesAreClampedToSaneBounds() {
        assertThat(Messages.parse("{\"type\":\"resize\",\"cols\":99999999999,\"rows\":0}"))
                .isEqualTo(new Resize(new Size(500, 3)));
        assertThat(TerminalSocket.initialSize("cols=1&rows=9999")).isEqualTo(new Size(10, 200));
        assertThat(TerminalSocket.initialSize("cols=x&rows=")).isEqualTo(Size.DEFAULT);
        assertThat(TerminalSocket.initialSize(null)).isEqualTo(Size.DEFAULT);
    }

    @Test
    void anythingElseIsMalformedOrUnknownNeverAnException() {
        assertThat(Messages.parse("not json")).isInstanceOf(Malformed.class);
        assertThat(Messages.parse("")).isInstanceOf(Malformed.class);
        assertThat(Messages.parse("[]")).isInstanceOf(Malformed.class);
        assertThat(Messages.parse("{\"type\":7}")).isInstanceOf(Malformed.class);
        assertThat(Messages.parse("{\"type\":\"resize\",\"cols\":\"wide\",\"rows\":2}")).isInstanceOf(Malformed.class);
        assertThat(Messages.parse("{\"type\":\"ack\",\"bytes\":-1}")).isInstanceOf(Malformed.class);
        assertThat(Messages.parse("{\"type\":\"" + "x".repeat(500) + "\"}")).isEqualTo(new Unknown("x".repeat(40)));
    }

    @Test
    void serverMessagesAreTheDocumentedJson() {
        assertThat(Messages.ready(new Size(80, 24), 1800)).isEqualTo("{\"type\":\"ready\",\"cols\":80,\"rows\":24,\"idleTimeoutSeconds\":1800}");
        assertThat(Messages.exit(3)).isEqualTo("{\"type\":\"exit\",\"code\":3}");
        assertThat(Messages.error("say \"why\"")).isEqualTo("{\"type\":\"error\",\"message\":\"say \\\"why\\\"\"}");
    }

    @Test
    void theClassroomsControlFramesAreUnderstoodAndABadPositionIsMalformed() {
        assertThat(Messages.parse("{\"type\":\"keyboard-request\"}")).isInstanceOf(Messages.KeyboardRequest.class);
        assertThat(Messages.parse("{\"type\":\"keyboard-accept\"}")).isInstanceOf(Messages.KeyboardAccept.class);
        assertThat(Messages.parse("{\"type\":\"keyboard-take-back\"}")).isInstanceOf(Messages.KeyboardTakeBack.class);
        assertThat(Messages.parse("{\"type\":\"position\",\"lesson\":\"docker-basics\",\"step\":3}"))
                .isEqualTo(new Messages.Position("docker-basics", 3));
        assertThat(Messages.parse("{\"type\":\"position\",\"lesson\":\"../etc\",\"step\":3}")).isInstanceOf(Malformed.class);
        assertThat(Messages.parse("{\"type\":\"position\",\"lesson\":\"a\",\"step\":-1}")).isInstanceOf(Malformed.class);
    }

    @Test
    void theClassroomsServerFramesAreTheDocumentedJson() {
        assertThat(Messages.watch(2, "asked", "Kim")).isEqualTo("{\"type\":\"watch\",\"viewers\":2,\"keyboard\":\"asked\",\"instructor\":\"Kim\"}");
        assertThat(Messages.watch(0, "none", null)).isEqualTo("{\"type\":\"watch\",\"viewers\":0,\"keyboard\":\"none\"}");
        assertThat(Messages.keyboard("granted")).isEqualTo("{\"type\":\"keyboard\",\"state\":\"granted\"}");
        assertThat(Messages.size(new Size(100, 30))).isEqualTo("{\"type\":\"size\",\"cols\":100,\"rows\":30}");
        assertThat(Messages.position("images", 2)).isEqualTo("{\"type\":\"position\",\"lesson\":\"images\",\"step\":2}");
        assertThat(Messages.ready(new Size(80, 24))).isEqualTo("{\"type\":\"ready\",\"cols\":80,\"rows\":24}");
    }
}
