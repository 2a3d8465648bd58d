package dev.orbit.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Tiny `-x value` / `-x` (flag) command-line parser shared by the bench mains. */
final class Opts {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    Opts(String[] args, Set<String> flagNames) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-") || a.length() < 2) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String key = a.substring(1);
            if (flagNames.contains(key)) {
                // "-a" or "-a true|false"
                if (i + 1 < args.length && (args[i + 1].equals("true") || args[i + 1].equals("false"))) {
                    if (Boolean.parseBoolean(args[++i])) {
                        flags.add(key);
                    }
                } else {
                    flags.add(key);
                }
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                values.put(key, args[++i]);
            }
        }
    }

    String str(String key, String def) {
        return values.getOrDefault(key, def);
    }

    String required(String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing -" + key);
        }
        return v;
    }

    int integer(String key, int def) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : def;
    }

    long longValue(String key, long def) {
        return values.containsKey(key) ? Long.parseLong(values.get(key)) : def;
    }

    boolean flag(String key) {
        return flags.contains(key);
    }
}
