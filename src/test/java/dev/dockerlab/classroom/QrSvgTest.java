package dev.dockerlab.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.nayuki.qrcodegen.QrCode;

/** The projector's QR code: every dark module of the encoder's symbol drawn once, inside a quiet zone. */
class QrSvgTest {

    @Test
    void theDrawingHasEveryDarkModuleAtItsPlaceAndAQuietZone() {
        String link = "http://lab.example.org:8080/join/ABCD-2345";
        QrCode qr = QrCode.encodeText(link, QrCode.Ecc.MEDIUM);
        String svg = QrSvg.of(link);
        assertThat(svg).startsWith("<svg").contains("viewBox=\"0 0 " + (qr.size + 8) + " " + (qr.size + 8) + "\"");
        Matcher square = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z").matcher(svg);
        int drawn = 0;
        while (square.find()) {
            int x = Integer.parseInt(square.group(1)) - 4;
            int y = Integer.parseInt(square.group(2)) - 4;
            assertThat(qr.getModule(x, y)).as("module %d,%d is dark", x, y).isTrue();
            drawn++;
        }
        int dark = 0;
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                dark += qr.getModule(x, y) ? 1 : 0;
            }
        }
        assertThat(drawn).isEqualTo(dark).isPositive();
        // the three finder patterns: 7x7 dark rings at the corners
        assertThat(qr.getModule(0, 0)).isTrue();
        assertThat(qr.getModule(qr.size - 1, 0)).isTrue();
        assertThat(qr.getModule(0, qr.size - 1)).isTrue();
    }

    @Test
    void nothingOfTheTextIsWrittenIntoTheDrawing() {
        assertThat(QrSvg.of("http://x/join/\"><script>")).doesNotContain("script").doesNotContain("join");
    }
}
