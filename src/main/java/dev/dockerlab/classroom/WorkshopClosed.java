package dev.dockerlab.classroom;

/** Fired (synchronously) once a workshop is closed and its learners' sandboxes are gone. */
public record WorkshopClosed(String workshopId) {
}
