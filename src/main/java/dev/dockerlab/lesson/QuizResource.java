package dev.dockerlab.lesson;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dockerlab.i18n.Languages;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.learner.Learners;
import dev.dockerlab.learner.LearnerWrite;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/lessons/{slug}/steps/{n}/answer} with {@code {"choices":[i, ...]}}: the learner
 * from the cookie, the right answer from the lesson files. The body is read here rather than by
 * JAX-RS so a malformed one gets a sentence saying what to send, not a parser's message.
 */
@Path("/api/lessons/{slug}/steps/{step}/answer")
@Produces(MediaType.APPLICATION_JSON)
public class QuizResource {

    private final QuizService quizzes;
    private final ObjectMapper json;

    public QuizResource(QuizService quizzes, ObjectMapper json) {
        this.quizzes = quizzes;
        this.json = json;
    }

    @POST
    @LearnerWrite
    @Blocking
    public QuizService.Result answer(@PathParam("slug") String slug, @PathParam("step") String step, String body,
            RoutingContext context) {
        LearnerId learner = Learners.require(context);
        return quizzes.answer(learner, slug, step, choices(body), Languages.of(context));
    }

    private List<Integer> choices(String body) {
        JsonNode choices;
        try {
            choices = body == null || body.isBlank() ? null : json.readTree(body).get("choices");
        } catch (JsonProcessingException e) {
            choices = null;
        }
        if (choices == null || !choices.isArray()) {
            throw new BadAnswerException("Send the answer as JSON: {\"choices\":[i, ...]}, the 0-based indexes of the chosen"
                    + " options.");
        }
        List<Integer> indexes = new ArrayList<>();
        for (JsonNode choice : choices) {
            if (!choice.isInt()) {
                throw new BadAnswerException("Each choice is an option's 0-based index, a whole number; got " + abbreviated(choice)
                        + ".");
            }
            indexes.add(choice.intValue());
        }
        return indexes;
    }

    private static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() > 20 ? text.substring(0, 20) + "..." : text;
    }
}
