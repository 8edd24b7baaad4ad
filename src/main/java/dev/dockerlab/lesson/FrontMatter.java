package dev.dockerlab.lesson;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The {@code ---} block of YAML at the top of a lesson Markdown file, with the line of each key so
 * problems can point at it.
 */
record FrontMatter(Map<String, Object> values, Map<String, Integer> lines, String body, int bodyLine, List<String> source) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern KEY = Pattern.compile("^([A-Za-z][\\w-]*)\\s*:");

    static final FrontMatter NONE = new FrontMatter(Map.of(), Map.of(), "", 1, List.of());

    /** Reads the front matter of {@code text}; problems go to {@code problems}, the rest is read as well as it can be. */
    static FrontMatter parse(String text, String file, List<Problem> problems) {
        String[] lines = text.split("\\R", -1);
        if (lines.length == 0 || !lines[0].strip().equals("---")) {
            return new FrontMatter(Map.of(), Map.of(), text, 1, List.of());
        }
        int close = -1;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].stripTrailing().equals("---")) {
                close = i;
                break;
            }
        }
        if (close < 0) {
            problems.add(new Problem(file, 1, "the front matter opened with --- on line 1 is never closed with a --- line"));
            return new FrontMatter(Map.of(), Map.of(), text, 1, List.of());
        }
        StringBuilder yaml = new StringBuilder();
        Map<String, Integer> keyLines = new HashMap<>();
        for (int i = 1; i < close; i++) {
            yaml.append(lines[i]).append('\n');
            Matcher key = KEY.matcher(lines[i]);
            if (key.find()) {
                keyLines.putIfAbsent(key.group(1), i + 1);
            }
        }
        StringBuilder body = new StringBuilder();
        for (int i = close + 1; i < lines.length; i++) {
            body.append(lines[i]);
            if (i + 1 < lines.length) {
                body.append('\n');
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (!yaml.toString().isBlank()) {
            try {
                Object parsed = YAML.readValue(yaml.toString(), Object.class);
                if (parsed instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> values.put(String.valueOf(k), v));
                } else {
                    problems.add(new Problem(file, 2, "the front matter must be key: value lines"));
                }
            } catch (JsonProcessingException e) {
                int line = e.getLocation() == null ? 2 : e.getLocation().getLineNr() + 1;
                problems.add(new Problem(file, line, "the front matter is not valid YAML: " + e.getOriginalMessage()));
            }
        }
        return new FrontMatter(values, keyLines, body.toString(), close + 2, List.of(lines).subList(0, close));
    }

    int line(String key) {
        return lines.getOrDefault(key, 1);
    }

    /**
     * The line of the {@code nth} (from 0) line inside the block of top-level {@code key} that
     * matches {@code pattern}; the key's own line when there is none. YAML's parser forgets lines,
     * and a problem in a nested list (a quiz option) should still point at it.
     */
    int lineIn(String key, Pattern pattern, int nth) {
        int start = line(key);
        int seen = 0;
        for (int i = start; i < source.size(); i++) {
            String text = source.get(i);
            if (KEY.matcher(text).find()) {
                break; // the next top-level key: the block has ended
            }
            if (pattern.matcher(text).find() && seen++ == nth) {
                return i + 1;
            }
        }
        return start;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    Optional<String> string(String key) {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v.toString().strip()).filter(s -> !s.isEmpty());
    }

    List<String> list(String key) {
        Object v = values.get(key);
        if (v instanceof List<?> items) {
            return items.stream().map(String::valueOf).toList();
        }
        return v == null ? List.of() : List.of(v.toString());
    }
}
