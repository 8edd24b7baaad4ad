package dev.dockerlab.classroom;

/**
 * Someone who may run workshops: {@code id} is stable (the workshops they made carry it), {@code
 * name} is what pages show. The instructor token signs in as {@link #TOKEN}; an OIDC identity as
 * {@code oidc:<subject>}.
 */
public record Instructor(String id, String name) {

    /** The one instructor of a self-hosted server, signed in with {@code dockerlab.instructor.token}. */
    public static final Instructor TOKEN = new Instructor("token", "Instructor");
}
