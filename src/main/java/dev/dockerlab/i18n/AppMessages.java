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

    @Message("Your nodes")
    String nodes_label();

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

    @Message("view terminal")
    String roster_view();

    // ---- classroom: joining a workshop, the instructor's pages ----

    @Message("Join a workshop")
    String join_title();

    @Message("Type the code your instructor shows, and the name your instructor will see on their list. Other learners never see it.")
    String join_lead();

    @Message("Join code")
    String join_code_label();

    @Message("Your name")
    String join_name_label();

    @Message("Join")
    String join_submit();

    @Message("You joined {name}. Its lessons are on your lesson list.")
    String join_done(String name);

    @Message("There is no workshop with the code {code}. Check it against the one your instructor shows.")
    String join_wrong_code(String code);

    @Message("A join code has 8 letters and digits, like ABCD-2345.")
    String join_not_a_code();

    @Message("The workshop {name} is over and takes no more learners. Your own lessons and progress are still here.")
    String join_closed(String name);

    @Message("The workshop {name} has ended, so its code no longer works. Ask your instructor for a new one.")
    String join_expired(String name);

    @Message("Give a name of 1 to 40 characters, so your instructor can find you on their list.")
    String join_name_needed();

    @Message("Too many tries to join in the last minute. Wait a moment and try again.")
    String join_too_many();

    @Message("It starts at {time}; you can open its lessons already.")
    String join_starts(String time);

    @Message("Workshop: {name}")
    String workshop_heading(String name);

    @Message("The lessons of your workshop, in order.")
    String workshop_lead();

    @Message("This workshop is closing: your sandbox is removed at {time}. Your progress is kept.")
    String workshop_closing(String time);

    @Message("Instructor sign-in")
    String instructor_sign_in_title();

    @Message("Paste the instructor token: the server printed it to its log at its first start, and keeps it in the instructor-token file of its data folder. This browser then stays signed in for {hours} hours.")
    String instructor_sign_in_lead(long hours);

    @Message("Instructor token")
    String instructor_token_label();

    @Message("Sign in")
    String instructor_sign_in();

    @Message("Sign in with your organisation's account")
    String instructor_sign_in_oidc();

    @Message("That is not this server's instructor token.")
    String instructor_wrong_token();

    @Message("Too many sign-in attempts from this address. Wait a minute and try again.")
    String instructor_too_many();

    @Message("Sign out")
    String instructor_sign_out();

    @Message("Workshops")
    String workshops_title();

    @Message("No workshops yet. Create one below.")
    String workshops_empty();

    @Message("Create a workshop")
    String workshop_create();

    @Message("Name")
    String workshop_name_label();

    @Message("Lessons, in order")
    String workshop_lessons_label();

    @Message("Tick the lessons; they are taken in the order of the list.")
    String workshop_lessons_hint();

    @Message("Starts (optional)")
    String workshop_starts_label();

    @Message("Ends (optional)")
    String workshop_ends_label();

    @Message("Create")
    String workshop_create_submit();

    @Message("{n} {#if n == 1}learner{#else}learners{/if}")
    String workshop_members(int n);

    @Message("open")
    String workshop_state_open();

    @Message("closing")
    String workshop_state_closing();

    @Message("closed")
    String workshop_state_closed();

    @Message("Open {url} and type the code")
    String workshop_join_at(String url);

    @Message("Live roster")
    String workshop_roster();

    @Message("Progress as CSV")
    String workshop_export();

    @Message("Show the code")
    String workshop_projector();

    @Message("Close the workshop")
    String workshop_close();

    @Message("Warn learners for (minutes)")
    String workshop_close_minutes();

    @Message("Close this workshop? Learners are warned first, then their sandboxes are removed. Their progress is kept.")
    String workshop_close_question();

    @Message("Closing: sandboxes are removed at {time}.")
    String workshop_closing_at(String time);

    @Message("Closed at {time}.")
    String workshop_closed_at(String time);

    @Message("{start} to {end}")
    String workshop_when(String start, String end);

    @Message("Sandboxes on this server")
    String capacity_heading();

    @Message("{live} running, {pooled} started and waiting, room for {room} more (at most {max}).")
    String capacity_line(int live, int pooled, int room, int max);

    @Message("The engine has {memory} of memory and {cpus} CPUs. Each sandbox may use up to {each}: if every one did, memory would hold {fit}.")
    String capacity_memory(String memory, int cpus, String each, long fit);

    @Message("Start sandboxes ahead for")
    String prestart_label();

    @Message("Start them")
    String prestart_submit();

    @Message("{n} sandboxes are starting; a learner who opens a terminal takes one.")
    String prestart_done(String n);

    @Message("This workshop's lessons give each learner a machine of their own where they are root (ubuntu), made for that learner when they arrive: nothing can be started ahead for it.")
    String prestart_root();

    @Message("Roster")
    String roster_title();

    @Message("Name")
    String roster_name();

    @Message("Lesson")
    String roster_lesson();

    @Message("Step")
    String roster_step();

    @Message("Steps passed")
    String roster_passed();

    @Message("On this step")
    String roster_on_step();

    @Message("Last activity")
    String roster_last();

    @Message("Sandbox")
    String roster_sandbox();

    @Message("Nobody has joined yet. Learners join at {url} with the code {code}.")
    String roster_empty(String url, String code);

    @Message("stuck longest")
    String roster_stuck();

    @Message("Steps finished")
    String roster_totals();

    @Message("{done} of {all} have finished step {step}")
    String roster_total(String done, String all, String step);

    @Message("Updated at {time}")
    String roster_updated(String time);

    @Message("The roster cannot be reached; trying again…")
    String roster_offline();

    @Message("running")
    String sandbox_running();

    @Message("starting")
    String sandbox_starting();

    @Message("none")
    String sandbox_none();

    @Message("{n} s ago")
    String ago_seconds(String n);

    @Message("{n} min ago")
    String ago_minutes(String n);

    @Message("never")
    String never();

    @Message("{n} s")
    String duration_seconds(String n);

    @Message("{n} min")
    String duration_minutes(String n);

    @Message("{n} joined")
    String roster_count(String n);
}
