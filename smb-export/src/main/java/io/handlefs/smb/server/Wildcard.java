package io.handlefs.smb.server;

import java.util.Locale;

/**
 * QUERY_DIRECTORY name patterns, [MS-FSA] 2.1.4.4, matched without case: '*' any run, '?' one
 * character, and the DOS forms '<' (DOS_STAR), '>' (DOS_QM) and '"' (DOS_DOT) treated as '*',
 * '?' and '.' — close enough for the patterns clients send ("*", "*.*", "name", "a*.txt").
 */
final class Wildcard {
    private Wildcard() {}

    static boolean matches(String pattern, String name) {
        if (pattern.isEmpty() || pattern.equals("*") || pattern.equals("*.*") || pattern.equals("<.<")) {
            return true;
        }
        String p = pattern.toUpperCase(Locale.ROOT).replace('<', '*').replace('>', '?').replace('"', '.');
        String n = name.toUpperCase(Locale.ROOT);
        boolean[] prev = new boolean[n.length() + 1];
        prev[0] = true;
        for (int i = 1; i <= p.length(); i++) {
            char pc = p.charAt(i - 1);
            boolean[] cur = new boolean[n.length() + 1];
            cur[0] = prev[0] && pc == '*';
            for (int j = 1; j <= n.length(); j++) {
                if (pc == '*') {
                    cur[j] = prev[j] || cur[j - 1];
                } else {
                    cur[j] = prev[j - 1] && (pc == '?' || pc == n.charAt(j - 1));
                }
            }
            prev = cur;
        }
        return prev[n.length()];
    }
}
