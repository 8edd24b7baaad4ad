package dev.dockerlab.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log record the server writes while it is open, as the console would show it: the
 * formatted message and the message of any exception (a stack trace starts with it). Installed
 * on the root logger of the test JVM, where the @QuarkusTest server logs.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    /** One record: its level, and the text it puts on the console (message, then the exception's message). */
    public record Entry(Level level, String logger, String text) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    private LogCapture() {
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        String message = record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                : new java.util.logging.SimpleFormatter().formatMessage(record);
        StringBuilder text = new StringBuilder(String.valueOf(message));
        for (Throwable t = record.getThrown(); t != null && text.length() < 100_000; t = t.getCause()) {
            text.append('\n').append(t);
        }
        entries.add(new Entry(record.getLevel(), record.getLoggerName(), text.toString()));
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
