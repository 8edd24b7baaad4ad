-- Where each learner is now: the lesson and step their page shows, reported by the page when it
-- changes (POST /api/progress/position). One row per learner (by hash), overwritten.
CREATE TABLE learner_position (
    learner_hash VARCHAR(16)  NOT NULL PRIMARY KEY,
    lesson_slug  VARCHAR(200) NOT NULL,
    step         INTEGER      NOT NULL,
    -- when the learner came to this step (kept while they stay on it): how long they are on it
    since        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the last report of any kind: the page was open and in use
    seen_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
