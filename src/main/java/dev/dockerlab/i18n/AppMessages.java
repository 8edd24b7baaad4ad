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

    // ---- error page ----

    @Message("Back to the lessons")
    String back_to_lessons();
}
