package dev.dockerlab.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.dockerlab.learner.NoLearnerException;
import dev.dockerlab.lesson.LessonNotFoundException;
import dev.dockerlab.lesson.NoSandboxException;
import dev.dockerlab.lesson.StepNotFoundException;
import dev.dockerlab.sandbox.SandboxException;

/** Domain exceptions to HTTP answers, in one place: JSON for the API, a page for browsers. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response lessonNotFound(LessonNotFoundException e, UriInfo uri) {
        return answer(Response.Status.NOT_FOUND, "Lesson not found", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response stepNotFound(StepNotFoundException e, UriInfo uri) {
        return answer(Response.Status.NOT_FOUND, "Step not found", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response noSandbox(NoSandboxException e, UriInfo uri) {
        return answer(Response.Status.CONFLICT, "No sandbox yet", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response noLearner(NoLearnerException e, UriInfo uri) {
        return answer(Response.Status.FORBIDDEN, "No learner", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response sandbox(SandboxException e, UriInfo uri) {
        Response.Status status = e instanceof SandboxException.Gone ? Response.Status.NOT_FOUND
                : Response.Status.SERVICE_UNAVAILABLE;
        Response response = answer(status, "Sandbox unavailable", e.getMessage(), uri);
        if (e instanceof SandboxException.AtCapacity) {
            return Response.fromResponse(response).header("Retry-After", "60").build();
        }
        return response;
    }

    private static Response answer(Response.Status status, String title, String message, UriInfo uri) {
        if (uri.getPath().startsWith("/api/")) {
            return ApiError.response(status, message);
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(PageResource.Templates.error(status.getStatusCode(), title, message).render())
                .build();
    }
}
