package dev.dockerlab.classroom;

import java.time.Instant;
import java.util.List;

/**
 * A workshop: its lessons in order, who runs it, when it runs. {@code closingAt} is set when the
 * instructor closes it (the moment its learners' sandboxes go, after a warning), {@code closedAt}
 * once they went. {@code code} is the join code as stored (8 characters, shown as {@code ABCD-EFGH}).
 */
public record Workshop(String id, String code, String name, List<String> lessons, String instructorId,
        String instructorName, Instant createdAt, Instant startsAt, Instant endsAt, Instant closingAt, Instant closedAt) {

    public Workshop {
        lessons = List.copyOf(lessons);
    }

    /** The code as people read and type it: {@code ABCD-EFGH}. */
    public String displayCode() {
        return JoinCodes.display(code);
    }

    public boolean closed() {
        return closedAt != null;
    }

    /** Closed, or closing (the learners were warned): nobody joins any more. */
    public boolean closing() {
        return closingAt != null || closedAt != null;
    }

    /** Past its end. */
    public boolean ended(Instant now) {
        return endsAt != null && !now.isBefore(endsAt);
    }

    /** Open to join at {@code now}: neither closing nor past its end (learners may join before the start). */
    public boolean open(Instant now) {
        return !closing() && !ended(now);
    }
}
