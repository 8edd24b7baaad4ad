package dev.dockerlab.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.dockerlab.classroom.InstructorException;
import dev.dockerlab.classroom.WorkshopException;
import dev.dockerlab.learner.ForeignOriginException;
import dev.dockerlab.learner.NoLearnerException;
import dev.dockerlab.learner.TooManyRequestsException;
import dev.dockerlab.lesson.BadAnswerException;
import dev.dockerlab.lesson.LessonNotFoundException;
import dev.dockerlab.lesson.NoSandboxException;
import dev.dockerlab.lesson.StepKindException;
import dev.dockerlab.lesson.StepNotFoundException;
import dev.dockerlab.sandbox.SandboxException;

/**
 * Domain exceptions to HTTP answers, in one place: JSON for the API, always {@link ApiError}
 * ({@code {"message": "..."}}), and a page for browsers.
 */
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
    public Response stepKind(StepKindException e, UriInfo uri) {
        return answer(Response.Status.BAD_REQUEST, "Not that kind of step", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response badAnswer(BadAnswerException e, UriInfo uri) {
        return answer(Response.Status.BAD_REQUEST, "Not an answer", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response noSandbox(NoSandboxException e, UriInfo uri) {
        return answer(Response.Status.CONFLICT, "No sandbox yet", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unknownSection(UnknownSectionException e, UriInfo uri) {
        return answer(Response.Status.BAD_REQUEST, "No such section", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response noPanelSandbox(NoPanelSandboxException e, UriInfo uri) {
        return answer(Response.Status.NOT_FOUND, "No sandbox yet", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response noLearner(NoLearnerException e, UriInfo uri) {
        return answer(Response.Status.FORBIDDEN, "No learner", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response foreignOrigin(ForeignOriginException e, UriInfo uri) {
        return answer(Response.Status.FORBIDDEN, "Not from dockerlab's pages", e.getMessage(), uri);
    }

    /**
     * 401 without credentials (with {@code WWW-Authenticate}), 403 with wrong ones; a page asked
     * for without credentials goes to the sign-in page instead.
     */
    @ServerExceptionMapper
    public Response instructor(InstructorException e, UriInfo uri) {
        if (e instanceof InstructorException.NotSignedIn) {
            if (!uri.getPath().startsWith("/api/")) {
                return Response.seeOther(java.net.URI.create("/instructor/sign-in")).build();
            }
            return Response.fromResponse(ApiError.response(Response.Status.UNAUTHORIZED, e.getMessage()))
                    .header("WWW-Authenticate", "Bearer realm=\"dockerlab instructors\"").build();
        }
        return answer(Response.Status.FORBIDDEN, "Not an instructor", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response workshop(WorkshopException e, UriInfo uri) {
        Response.Status status = switch (e) {
            case WorkshopException.UnknownCode x -> Response.Status.NOT_FOUND;
            case WorkshopException.NotFound x -> Response.Status.NOT_FOUND;
            case WorkshopException.NoLongerOpen x -> Response.Status.GONE;
            case WorkshopException.Invalid x -> Response.Status.BAD_REQUEST;
            case WorkshopException.NotPossible x -> Response.Status.CONFLICT;
        };
        return answer(status, "Workshop", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response tooManyRequests(TooManyRequestsException e, UriInfo uri) {
        return Response.fromResponse(answer(Response.Status.TOO_MANY_REQUESTS, "Too many requests", e.getMessage(), uri))
                .header("Retry-After", String.valueOf(e.retryAfterSeconds())).build();
    }

    @ServerExceptionMapper
    public Response sandbox(SandboxException e, UriInfo uri) {
        Response.Status status = e instanceof SandboxException.Gone ? Response.Status.NOT_FOUND
                : e instanceof SandboxException.Busy ? Response.Status.TOO_MANY_REQUESTS
                : Response.Status.SERVICE_UNAVAILABLE;
        Response response = answer(status, "Sandbox unavailable", e.getMessage(), uri);
        if (e instanceof SandboxException.AtCapacity) {
            return Response.fromResponse(response).header("Retry-After", "60").build();
        }
        if (e instanceof SandboxException.Busy) {
            return Response.fromResponse(response).header("Retry-After", "1").build();
        }
        return response;
    }

    /**
     * JAX-RS' own refusals (no such route, a method or media type a route does not take) in the
     * API's one error shape, keeping their status and headers ({@code Allow}); elsewhere as they are.
     */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        if (!uri.getPath().startsWith("/api/") || original.getStatus() < 400) {
            return original;
        }
        Response.StatusType status = original.getStatusInfo();
        return Response.fromResponse(original).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(status.getStatusCode() + " " + status.getReasonPhrase() + ": " + uri.getPath()
                        + "; docs/api.md lists the API's routes and what each takes."))
                .build();
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
