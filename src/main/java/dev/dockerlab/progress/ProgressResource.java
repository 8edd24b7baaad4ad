package dev.dockerlab.progress;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.dockerlab.i18n.Languages;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.learner.LearnerWrite;
import dev.dockerlab.learner.Learners;
import dev.dockerlab.lesson.BadAnswerException;
import dev.dockerlab.lesson.LessonCatalog;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/** The learner's finished steps per lesson, and where to continue. The learner comes from the cookie. */
@Path("/api/progress")
@Produces(MediaType.APPLICATION_JSON)
public class ProgressResource {

    /** One lesson the learner has started: {@code finished} are step numbers (from 1). */
    public record LessonEntry(String slug, String title, int steps, Set<Integer> finished, boolean complete,
            Instant lastActivity) {
    }

    public record Answer(List<LessonEntry> lessons, ProgressService.Resume resume) {
    }

    /** What the lesson page shows now: {@code {"lesson": "first-steps", "step": 2}}. */
    public record Report(String lesson, Integer step) {
    }

    private final ProgressService progress;
    private final LessonCatalog catalog;

    public ProgressResource(ProgressService progress, LessonCatalog catalog) {
        this.progress = progress;
        this.catalog = catalog;
    }

    @GET
    @Blocking
    public Answer get(RoutingContext context) {
        LearnerId learner = Learners.require(context);
        String language = Languages.of(context);
        Progress mine = progress.of(learner);
        List<LessonEntry> lessons = mine.lessons().stream().map(l -> {
            var lesson = catalog.find(l.slug(), language);
            int steps = lesson.map(x -> x.steps().size()).orElse(0);
            return new LessonEntry(l.slug(), lesson.map(x -> x.title()).orElse(l.slug()), steps, l.finished(),
                    lesson.isPresent() && l.finished().size() >= steps, l.lastActivity());
        }).toList();
        return new Answer(lessons, progress.resume(mine, language).orElse(null));
    }

    /**
     * The lesson page says which lesson and step it shows (when it opens, when the learner moves
     * to another step, and every minute while it is open): an instructor's roster shows it.
     */
    @POST
    @Path("position")
    @Consumes(MediaType.APPLICATION_JSON)
    @LearnerWrite
    @Blocking
    public Position position(Report report, RoutingContext context) {
        LearnerId learner = Learners.require(context);
        if (report == null || report.lesson() == null || report.step() == null) {
            throw new BadAnswerException("Send {\"lesson\": \"<slug>\", \"step\": <number from 1>}.");
        }
        return progress.report(learner, report.lesson(), report.step());
    }
}
