package dev.dockerlab.terminal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Who views whose terminal, and who may type in it. A viewer is a {@link TerminalSession} of
 * kind VIEWER: a second attach to the learner's shell, which the keeper mirrors as it does a
 * learner's second tab. Its keystrokes reach the shell only after the learner accepted its
 * request, and stop the moment the learner takes the keyboard back ({@link TerminalSession#mayType}
 * is read on every keystroke). Every change is told to the learner's own tabs as one {@code watch}
 * frame that says it all, so a page that joins late or missed one is never out of step.
 * <p>
 * Changes are rare (a viewer comes, a request is answered): one lock for all of them.
 */
final class Shadowing {

    /** One learner's viewers: in the order they came, with the instructor's name. */
    private static final class Watch {
        final Map<TerminalSession, String> viewers = new LinkedHashMap<>();
        TerminalSession asking;
        TerminalSession typing;
    }

    private final Map<String, Watch> watches = new HashMap<>();
    /** The learner's own tabs (kind OWN), by learner hash. */
    private final Function<String, List<TerminalSession>> ownTabs;

    Shadowing(Function<String, List<TerminalSession>> ownTabs) {
        this.ownTabs = ownTabs;
    }

    synchronized void joined(TerminalSession viewer, String instructor) {
        watches.computeIfAbsent(viewer.learnerHash(), k -> new Watch()).viewers.put(viewer, instructor);
        tellLearner(viewer.learnerHash());
    }

    synchronized void left(TerminalSession viewer) {
        viewer.mayType(false);
        Watch watch = watches.get(viewer.learnerHash());
        if (watch == null || watch.viewers.remove(viewer) == null) {
            return;
        }
        if (watch.asking == viewer) {
            watch.asking = null;
        }
        if (watch.typing == viewer) {
            watch.typing = null;
        }
        if (watch.viewers.isEmpty()) {
            watches.remove(viewer.learnerHash());
        }
        tellLearner(viewer.learnerHash());
    }

    /** A viewer asks for the keyboard; a later request replaces one not yet answered. */
    synchronized void request(TerminalSession viewer) {
        Watch watch = watches.get(viewer.learnerHash());
        if (watch == null || !watch.viewers.containsKey(viewer)) {
            return;
        }
        if (watch.typing == viewer) {
            viewer.sendText(Messages.keyboard("granted"));
            return;
        }
        if (watch.asking != null && watch.asking != viewer) {
            watch.asking.sendText(Messages.keyboard("declined"));
        }
        watch.asking = viewer;
        viewer.sendText(Messages.keyboard("asked"));
        tellLearner(viewer.learnerHash());
    }

    /** The learner accepts the request waiting: that viewer types from now on (and any other one stops). */
    synchronized void accept(String learnerHash) {
        Watch watch = watches.get(learnerHash);
        if (watch == null || watch.asking == null) {
            return;
        }
        if (watch.typing != null) {
            watch.typing.mayType(false);
            watch.typing.sendText(Messages.keyboard("taken-back"));
        }
        watch.typing = watch.asking;
        watch.asking = null;
        watch.typing.mayType(true);
        watch.typing.sendText(Messages.keyboard("granted"));
        tellLearner(learnerHash);
    }

    synchronized void decline(String learnerHash) {
        Watch watch = watches.get(learnerHash);
        if (watch == null || watch.asking == null) {
            return;
        }
        watch.asking.sendText(Messages.keyboard("declined"));
        watch.asking = null;
        tellLearner(learnerHash);
    }

    /** The learner takes the keyboard back: the viewer's next keystroke is already dropped. */
    synchronized void takeBack(String learnerHash) {
        Watch watch = watches.get(learnerHash);
        if (watch == null) {
            return;
        }
        if (watch.typing != null) {
            watch.typing.mayType(false);
            watch.typing.sendText(Messages.keyboard("taken-back"));
            watch.typing = null;
        }
        if (watch.asking != null) {
            watch.asking.sendText(Messages.keyboard("declined"));
            watch.asking = null;
        }
        tellLearner(learnerHash);
    }

    /** The instructor gives the keyboard back. */
    synchronized void release(TerminalSession viewer) {
        Watch watch = watches.get(viewer.learnerHash());
        if (watch == null || watch.typing != viewer) {
            return;
        }
        viewer.mayType(false);
        watch.typing = null;
        viewer.sendText(Messages.keyboard("released"));
        tellLearner(viewer.learnerHash());
    }

    /** The watch frame for a learner's tab, or null while nobody views it. */
    synchronized String stateOf(String learnerHash) {
        Watch watch = watches.get(learnerHash);
        return watch == null ? null : frame(watch);
    }

    synchronized int viewers(String learnerHash) {
        Watch watch = watches.get(learnerHash);
        return watch == null ? 0 : watch.viewers.size();
    }

    /** The viewers of a learner's terminal, to send them its size. */
    synchronized List<TerminalSession> viewersOf(String learnerHash) {
        Watch watch = watches.get(learnerHash);
        return watch == null ? List.of() : List.copyOf(watch.viewers.keySet());
    }

    private void tellLearner(String learnerHash) {
        Watch watch = watches.get(learnerHash);
        String frame = watch == null ? Messages.watch(0, "none", null) : frame(watch);
        ownTabs.apply(learnerHash).forEach(tab -> tab.sendText(frame));
    }

    private static String frame(Watch watch) {
        if (watch.typing != null) {
            return Messages.watch(watch.viewers.size(), "instructor", watch.viewers.get(watch.typing));
        }
        if (watch.asking != null) {
            return Messages.watch(watch.viewers.size(), "asked", watch.viewers.get(watch.asking));
        }
        String first = watch.viewers.values().stream().findFirst().orElse(null);
        return Messages.watch(watch.viewers.size(), "none", first);
    }
}
