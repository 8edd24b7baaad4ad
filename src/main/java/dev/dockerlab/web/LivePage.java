package dev.dockerlab.web;

import java.util.List;

/**
 * What a lesson page shows of a workshop: for a learner in one, the presenter pane
 * ({@code workshop}); for the instructor presenting, their own terminal on the present socket
 * ({@code terminalPath}), the workshop's lessons to pick from and the projector view.
 */
public record LivePage(String workshop, String terminalPath, boolean presenting, boolean projector,
        List<LessonChoice> lessons, String projectorHref) {

    /** A lesson of the workshop on the present page's picker. */
    public record LessonChoice(String href, String title, boolean current) {
    }

    /** A learner outside any workshop: the plain lesson page. */
    public static final LivePage NONE = new LivePage(null, null, false, false, List.of(), null);

    /** A learner in a workshop: the page shows its presenter pane. */
    public static LivePage learnerIn(String workshopId) {
        return new LivePage(workshopId, null, false, false, List.of(), null);
    }

    /** The instructor presenting a workshop's lesson. */
    public static LivePage presenting(String workshopId, boolean projector, List<LessonChoice> lessons, String projectorHref) {
        return new LivePage(workshopId, "/workshops/" + workshopId + "/present", true, projector, lessons, projectorHref);
    }
}
