package dev.dockerlab.i18n;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every sentence of the interface, in English; {@code messages/msg_ko.properties} has them in
 * Korean. Templates use them as {@code {msg:key}}; the validator reports a key a translation lacks.
 */
@MessageBundle(value = "msg", locale = "en")
public interface AppMessages {

    @Message("en")
    String html_lang();

    @Message("Language")
    String language_label();

    // ---- catalog ----

    @Message("Lessons")
    String catalog_title();

    @Message("Learn containers by doing")
    String catalog_heading();

    @Message("Each lesson opens beside a real terminal in a container that is yours alone. Pick one to start.")
    String catalog_lead();

    @Message("No lessons are installed yet. An operator adds them to the lessons/ folder.")
    String catalog_empty();

    @Message("{n} {#if n == 1}step{#else}steps{/if}")
    String steps_count(int n);

    @Message("{done} of {total} done")
    String catalog_done(int done, int total);

    @Message("Completed")
    String catalog_complete();

    @Message("Continue where you left off")
    String continue_heading();

    @Message("{title}, step {step}")
    String continue_link(String title, int step);

    // ---- lesson page ----

    @Message("Smaller text (Ctrl -)")
    String zoom_out_title();

    @Message("Larger text (Ctrl +)")
    String zoom_in_title();

    @Message("Copy")
    String copy();

    @Message("Copy selection (Ctrl+Shift+C). Select with Shift+drag; the mouse wheel scrolls the history.")
    String copy_title();

    @Message("Paste")
    String paste();

    @Message("Paste (Ctrl+Shift+V)")
    String paste_title();

    @Message("Reset sandbox")
    String reset();

    @Message("Throw this sandbox away and start a fresh one")
    String reset_title();

    @Message("Throw away this sandbox and start a fresh one? Files you made there are lost.")
    String reset_question();

    @Message("Keep it")
    String reset_keep();

    @Message("Connecting…")
    String status_connecting();

    @Message("You will")
    String objectives_heading();

    @Message("Key points")
    String key_points_heading();

    @Message("Step {n}")
    String step_label(int n);

    @Message("Steps")
    String steps_nav_label();

    @Message("{done} of {total} steps done")
    String progress_label(int done, int total);

    @Message("Previous")
    String previous();

    @Message("Next")
    String next();

    @Message("Check")
    String check();

    @Message("Mark as done")
    String mark_done();

    @Message("Checking…")
    String checking();

    @Message("Done")
    String passed();

    @Message("Not yet")
    String failed();

    @Message("Hint")
    String hint();

    @Message("Show solution")
    String show_solution();

    @Message("Hide solution")
    String hide_solution();

    @Message("Run solution")
    String run_solution();

    @Message("Sent to the terminal")
    String sent();

    @Message("The terminal is not connected")
    String not_connected();

    @Message("Click to run in the terminal")
    String click_to_run();

    @Message("Click to copy")
    String click_to_copy();

    @Message("Copied")
    String copied();

    @Message("The check could not be run")
    String check_error();

    @Message("Open the terminal first: it starts your sandbox, where the check runs.")
    String check_needs_sandbox();

    @Message("This lesson is not translated into English yet; it is shown in its original language.")
    String not_translated();

    @Message("About this scenario")
    String notes_heading();

    // ---- the browser code's words (lesson.html's #words; a parameter there is a {name} the script fills) ----

    @Message("Terminal")
    String toolbar_label();

    @Message("Resize panes")
    String divider_label();

    @Message("Ready")
    String status_ready();

    @Message("Reconnecting in {seconds} s…")
    String status_reconnecting(String seconds);

    @Message("Reconnecting")
    String status_reconnecting_now();

    @Message("Ended")
    String status_ended();

    @Message("Resetting…")
    String status_resetting();

    @Message("The terminal failed to load — reload the page")
    String terminal_failed();

    @Message("Start a new shell")
    String action_new_shell();

    @Message("Start a new sandbox")
    String action_new_sandbox();

    @Message("Reload page")
    String action_reload();

    @Message("Copy failed")
    String copy_failed();

    @Message("Select text first")
    String select_first();

    @Message("Use Ctrl+Shift+V")
    String paste_shortcut();

    @Message("Paste blocked")
    String paste_blocked();

    @Message("Reset failed: {reason}")
    String reset_failed(String reason);

    @Message("the server answered {status}")
    String server_answered(String status);

    @Message("Run")
    String code_run();

    @Message("Run this command in the terminal")
    String code_run_title();

    @Message("Sent")
    String code_sent();

    @Message("Not connected")
    String code_not_connected();

    @Message("Copy to the clipboard")
    String code_copy_title();

    @Message("The shell ended.")
    String shell_ended();

    @Message("The shell ended (exit code {code}).")
    String shell_ended_code(String code);

    @Message("[The shell ended. Press Enter for a new one.]")
    String note_ended();

    @Message("[The shell ended with code {code}. Press Enter for a new one.]")
    String note_ended_code(String code);

    @Message("The session was closed.")
    String session_closed();

    @Message("The server is at capacity; waiting for a free sandbox.")
    String at_capacity();

    @Message("The Docker engine is not available right now.")
    String engine_unavailable();

    @Message("Starting a fresh sandbox…")
    String fresh_sandbox();

    @Message("This sandbox was removed (idle too long or at its time limit).")
    String sandbox_gone();

    @Message("The server is not set up to start sandboxes yet.")
    String not_set_up();

    @Message("This tab was detached from the shell; attaching again.")
    String detached();

    @Message("The server refused this terminal. Reload the page.")
    String policy_refused();

    @Message("You are offline; waiting for the network.")
    String offline();

    @Message("Refused by the server — reload the page")
    String upgrade_refused();

    @Message("The connection was lost.")
    String connection_lost();

    @Message("The server reported an error.")
    String server_error();

    @Message("Cannot open the terminal socket: {error}")
    String socket_failed(String error);

    // ---- check answers (the API) ----

    @Message("Well done: this step is complete.")
    String check_passed();

    @Message("Not done yet: the check did not pass.")
    String check_failed();

    @Message("The check did not finish within {seconds} s and was stopped. Is something still running, or waiting for input? Try again.")
    String check_timed_out(long seconds);

    @Message("This step has nothing to check; it is marked as done.")
    String check_nothing();

    @Message("Read the step again, or show the solution.")
    String check_default_hint();

    // ---- quizzes ----

    @Message("Submit")
    String quiz_submit();

    @Message("True")
    String quiz_true();

    @Message("False")
    String quiz_false();

    @Message("Your answer")
    String quiz_legend();

    @Message("Right")
    String quiz_correct();

    @Message("Not quite")
    String quiz_incorrect();

    @Message("Choose an answer first.")
    String quiz_choose();

    @Message("The answer could not be sent")
    String quiz_error();

    @Message("That is right.")
    String quiz_right();

    @Message("That is not it. Read the question again and try once more.")
    String quiz_wrong();

    // ---- the course ----

    @Message("Lesson {n}")
    String course_lesson(int n);

    @Message("{done} of {total} lessons completed")
    String course_progress(int done, int total);

    @Message("More lessons")
    String more_lessons();

    @Message("Lessons outside the course: scenarios and lessons of this server's authors.")
    String more_lessons_lead();

    @Message("Next in the course")
    String next_lesson();

    @Message("This is the last lesson of the course.")
    String course_finished();

    // ---- the "under the hood" panel ----

    @Message("Under the hood")
    String panel_toggle();

    @Message("Show what your container really is, live, beside the terminal")
    String panel_toggle_title();

    @Message("Under the hood")
    String panel_label();

    @Message("Processes")
    String panel_processes();

    @Message("Walls")
    String panel_walls();

    @Message("Layers")
    String panel_layers();

    @Message("Limits")
    String panel_limits();

    @Message("Your Docker")
    String panel_docker();

    @Message("Close the panel")
    String panel_close();

    @Message("Put beside")
    String panel_place_beside();

    @Message("Put below")
    String panel_place_below();

    @Message("Waiting for your sandbox…")
    String panel_waiting();

    @Message("foreground")
    String panel_foreground();

    @Message("PID inside")
    String panel_pid_inside();

    @Message("The number this process has inside the container")
    String panel_pid_inside_title();

    @Message("PID on the host")
    String panel_pid_host();

    @Message("The number the host's kernel gives the same process")
    String panel_pid_host_title();

    @Message("Every process in your container is a process on the host, so it has two numbers: one inside, one on the host. The highlighted line is what your terminal runs now.")
    String panel_processes_lead();

    @Message("Kernel")
    String panel_kernel();

    @Message("the host's own kernel: a container starts none of its own")
    String panel_kernel_shared();

    @Message("gVisor's kernel, which stands between you and the host's")
    String panel_kernel_gvisor();

    @Message("Runtime")
    String panel_runtime();

    @Message("Hostname")
    String panel_hostname();

    @Message("Namespace")
    String panel_namespace();

    @Message("Your container")
    String panel_sandbox();

    @Message("Host")
    String panel_host();

    @Message("shared with the host")
    String panel_shared();

    @Message("a wall of its own")
    String panel_own_wall();

    @Message("Writable")
    String panel_writable();

    @Message("The image is read-only here; what you write goes to memory, in {paths}")
    String panel_writable_tmpfs(String paths);

    @Message("the container's own layer, thrown away with it")
    String panel_writable_layer();

    @Message("added")
    String panel_change_added();

    @Message("changed")
    String panel_change_changed();

    @Message("deleted")
    String panel_change_deleted();

    @Message("file")
    String panel_file_file();

    @Message("folder")
    String panel_file_directory();

    @Message("link")
    String panel_file_link();

    @Message("Nothing written yet. Make a file in the terminal and watch it appear here.")
    String panel_nothing_written();

    @Message("Only the newest entries are shown.")
    String panel_cut();

    @Message("Your container runs the image {image}: read-only layers, each made by one instruction, with your writable part on top.")
    String panel_layers_lead(String image);

    @Message("Image layers (read-only), newest first")
    String panel_image_layers();

    @Message("The kernel's cgroups hold your container to these limits. Run something heavy and watch the bars.")
    String panel_limits_lead();

    @Message("Memory")
    String panel_memory();

    @Message("CPU")
    String panel_cpu();

    @Message("Processes")
    String panel_pids();

    @Message("no limit")
    String panel_no_limit();

    @Message("The kernel killed a process for using too much memory ({count} since you opened the panel).")
    String panel_oom(String count);

    @Message("This sandbox has no Docker of its own; the lessons about Docker give you one.")
    String panel_no_docker();

    @Message("Your Docker engine is starting…")
    String panel_docker_starting();

    @Message("Your own Docker engine, inside your sandbox: each container on the networks it joins, and the ports it opens.")
    String panel_docker_lead();

    @Message("network {name}")
    String panel_network(String name);

    @Message("on no network")
    String panel_no_network();

    @Message("no containers")
    String panel_empty_network();

    @Message("Images")
    String panel_images();

    @Message("Volumes")
    String panel_volumes();

    // ---- error page ----

    @Message("Back to the lessons")
    String back_to_lessons();

    // ---- classroom: shadowing, the presenter's terminal, the present page ----

    @Message("This learner has no terminal open right now; trying again.")
    String nothing_to_view();

    @Message("Your instructor ({name}) is viewing your terminal.")
    String watch_viewing(String name);

    @Message("Your instructor ({name}) asks to type in your terminal.")
    String watch_asked(String name);

    @Message("Your instructor ({name}) is typing in your terminal.")
    String watch_typing(String name);

    @Message("Let them type")
    String watch_accept();

    @Message("No, thanks")
    String watch_decline();

    @Message("Take the keyboard back")
    String watch_take_back();

    @Message("Presenter's terminal")
    String presenter_title();

    @Message("Follow the presenter")
    String presenter_follow();

    @Message("Show")
    String presenter_show();

    @Message("Hide")
    String presenter_hide();

    @Message("Connecting…")
    String presenter_connecting();

    @Message("Live")
    String presenter_live();

    @Message("The presenter's terminal is not open")
    String presenter_offline();

    @Message("Read-only: you see what the learner sees.")
    String keyboard_read_only();

    @Message("Asked; waiting for the learner to accept.")
    String keyboard_asked();

    @Message("You have the keyboard: what you type reaches the learner's shell.")
    String keyboard_granted();

    @Message("The learner said no; the view stays read-only.")
    String keyboard_declined();

    @Message("The learner took the keyboard back.")
    String keyboard_taken_back();

    @Message("Ask for the keyboard")
    String keyboard_ask();

    @Message("Give the keyboard back")
    String keyboard_release();

    @Message("Presenting")
    String present_badge();

    @Message("Workshop lessons")
    String present_lessons();

    @Message("Projector view")
    String projector_on();

    @Message("Normal view")
    String projector_off();

    @Message("{name}'s terminal")
    String shadow_title(String name);

    @Message("A learner's terminal in {workshop}, live and read-only until they hand you the keyboard.")
    String shadow_lead(String workshop);

    @Message("Back to the workshop")
    String shadow_back();
}
